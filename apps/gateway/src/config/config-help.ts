import { commandFlags } from "./command-line.ts";
import type { Setting, SettingTable } from "./setting.ts";

/** `--help`: every setting with a one-line description, its environment variable, file key and default. */
export function configHelp(table: SettingTable, title = "onceport-gateway"): string {
  const sections = new Map<string, string[]>();
  for (const [name, setting] of Object.entries(table)) {
    const section = setting.path.split(".")[0] ?? "";
    const flag = setting.noFlag ? "(no flag)" : `--${name} ${placeholder(setting.kind)}`;
    const shownDefault = setting.default === "" ? "none" : setting.default;
    const lines = sections.get(section) ?? [];
    lines.push(
      `  ${flag.padEnd(44)} ${setting.help}`,
      `  ${"".padEnd(44)} ${setting.env} | ${setting.path} | default: ${shownDefault}${oneOf(setting)}`,
    );
    sections.set(section, lines);
  }
  return [
    `Usage: ${title} [--config FILE] [--flag value ...] [--print-config] [--help]`,
    "",
    "Each setting is taken from the last of: its default, the config file, its environment",
    "variable, its flag. The config file (YAML or JSON) has the sections below, with the keys",
    "shown (receipts.windowMs is windowMs in the receipts section); unknown keys are refused.",
    "",
    ...Object.entries(commandFlags).map(([name, flag]) => {
      const env = "env" in flag ? ` (${flag.env})` : "";
      return `  ${`--${name}${name === "config" ? " FILE" : ""}`.padEnd(44)} ${flag.help}${env}`;
    }),
    ...[...sections].flatMap(([section, lines]) => ["", `${section}:`, ...lines]),
  ].join("\n");
}

function oneOf(setting: Setting): string {
  if (!setting.values) return "";
  return ` | one of: ${setting.values.map((value) => (value === "" ? "(none)" : value)).join(", ")}`;
}

function placeholder(kind: string): string {
  switch (kind) {
    case "integer":
      return "N";
    case "boolean":
      return "true|false";
    case "list":
      return "A,B,...";
    default:
      return "TEXT";
  }
}
