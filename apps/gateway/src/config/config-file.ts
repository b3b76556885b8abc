import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { parse as parseYaml } from "yaml";
import { ConfigError } from "../config-error.ts";
import type { SettingTable, SettingValue } from "./setting.ts";
import { checkFileValue } from "./setting-value.ts";

export type ConfigFileFormat = "yaml" | "json";

/** The format a config file is written in, by its name: .yaml, .yml or .json. */
export function configFileFormat(path: string): ConfigFileFormat {
  const extension = extname(path).toLowerCase();
  if (extension === ".yaml" || extension === ".yml") return "yaml";
  if (extension === ".json") return "json";
  throw new ConfigError(`config file ${path}: name it .yaml, .yml or .json (its format)`);
}

/** A config file's settings, by flag name, checked against the table. */
export function readConfigFile(path: string, table: SettingTable): Map<string, SettingValue> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigError(`config file ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return configFileValues(parseConfigText(text, configFileFormat(path), path), table, path);
}

export function parseConfigText(text: string, format: ConfigFileFormat, origin: string): unknown {
  try {
    // YAML 1.2 (core schema): `yes`/`on` are strings, duplicate keys are errors.
    return format === "yaml" ? parseYaml(text, { prettyErrors: true }) : JSON.parse(text);
  } catch (error) {
    throw new ConfigError(
      `config file ${origin} is not valid ${format.toUpperCase()}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

type Tree = Map<string, string | Tree>;

/**
 * The settings a parsed config file gives, by flag name. Every problem is reported at once,
 * one line each naming the key (`receipts.windowMs: expected an integer >= 1000, got "7d"`);
 * unknown keys are refused, so a misspelt setting never silently keeps its default.
 */
export function configFileValues(
  document: unknown,
  table: SettingTable,
  origin: string,
): Map<string, SettingValue> {
  const values = new Map<string, SettingValue>();
  const problems: string[] = [];
  const visit = (node: unknown, tree: Tree, prefix: string): void => {
    if (!isMapping(node)) {
      problems.push(`${prefix || "the file"}: expected a mapping of ${known(tree)}, got ${describe(node)}`);
      return;
    }
    for (const [key, value] of Object.entries(node)) {
      const path = prefix === "" ? key : `${prefix}.${key}`;
      const entry = tree.get(key);
      if (entry === undefined) {
        problems.push(`${path}: unknown setting (${prefix || "the top level"} has ${known(tree)})`);
      } else if (typeof entry !== "string") {
        visit(value, entry, path);
      } else {
        const setting = table[entry];
        if (setting === undefined) continue;
        const checked = checkFileValue(setting, value);
        if ("expected" in checked) problems.push(`${path}: ${checked.expected}`);
        else values.set(entry, checked.value);
      }
    }
  };
  // An empty file (YAML null) sets nothing.
  if (document !== null && document !== undefined) visit(document, settingTree(table), "");
  if (problems.length > 0) {
    throw new ConfigError(`config file ${origin}:\n${problems.map((problem) => `  ${problem}`).join("\n")}`);
  }
  return values;
}

/** The table's config file keys as a tree: section -> key -> flag name. */
export function settingTree(table: SettingTable): Tree {
  const root: Tree = new Map();
  for (const [name, setting] of Object.entries(table)) {
    const parts = setting.path.split(".");
    let node = root;
    for (const part of parts.slice(0, -1)) {
      let next = node.get(part);
      if (next === undefined) {
        next = new Map();
        node.set(part, next);
      }
      if (typeof next === "string") throw new Error(`setting path ${setting.path} clashes with another`);
      node = next;
    }
    node.set(parts.at(-1) ?? name, name);
  }
  return root;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function known(tree: Tree): string {
  return [...tree.keys()].join(", ");
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return typeof value === "object" ? "an object" : JSON.stringify(value);
}
