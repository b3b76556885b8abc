import { stringify as stringifyYaml } from "yaml";
import type { ConfigFileFormat } from "./config-file.ts";
import type { ResolvedSettings } from "./resolve-settings.ts";
import type { SettingTable, SettingValue } from "./setting.ts";

/** What a secret that is set prints as: never its value. */
export const maskedSecret = "********";

/**
 * `--print-config`: the effective configuration as a config file (every setting, nested by
 * its key), secrets masked. Paths of key and password files print as they are: the config
 * holds no file's contents.
 */
export function printConfig(
  table: SettingTable,
  resolved: ResolvedSettings,
  format: ConfigFileFormat,
): string {
  const document: Record<string, unknown> = {};
  for (const [name, setting] of Object.entries(table)) {
    const found = resolved.byName.get(name);
    if (found === undefined) continue;
    const value: SettingValue = setting.secret && found.value !== "" ? maskedSecret : found.value;
    const parts = setting.path.split(".");
    let node = document;
    for (const part of parts.slice(0, -1)) {
      node[part] ??= {};
      node = node[part] as Record<string, unknown>;
    }
    node[parts.at(-1) ?? name] = value;
  }
  if (format === "json") return `${JSON.stringify(document, null, 2)}\n`;
  const origin = resolved.configFile === undefined ? "no config file" : `config file ${resolved.configFile}`;
  return [
    "# The gateway's effective configuration: defaults < config file < environment < flags",
    `# (${origin}). Secrets print as ${maskedSecret}.`,
    stringifyYaml(document, { lineWidth: 0 }),
  ].join("\n");
}
