import type { CommandLine } from "./command-line.ts";
import { readConfigFile } from "./config-file.ts";
import type { ResolvedSetting, SettingTable, SettingValue } from "./setting.ts";
import { parseSettingText } from "./setting-value.ts";

export interface ResolvedSettings {
  /** The config file read, if any. */
  readonly configFile: string | undefined;
  readonly byName: ReadonlyMap<string, ResolvedSetting>;
}

/** Every setting's value, each from the last of: its default, the config file, the environment, its flag. */
export function resolveSettings(
  table: SettingTable,
  commandLine: CommandLine,
  env: NodeJS.ProcessEnv,
): ResolvedSettings {
  const configFile = commandLine.configFile ?? nonEmpty(env.ONCEPORT_CONFIG);
  const fromFile =
    configFile === undefined ? new Map<string, SettingValue>() : readConfigFile(configFile, table);
  const byName = new Map<string, ResolvedSetting>();
  for (const [name, setting] of Object.entries(table)) {
    const flag = commandLine.flags.get(name);
    const fromEnv = env[setting.env];
    const filed = fromFile.get(name);
    const resolved: ResolvedSetting =
      flag !== undefined
        ? { value: parseSettingText(setting, flag, `--${name}`), source: "flag" }
        : fromEnv !== undefined
          ? { value: parseSettingText(setting, fromEnv, setting.env), source: "environment" }
          : filed !== undefined
            ? { value: filed, source: "config file" }
            : {
                value: parseSettingText(setting, setting.default, `the default of --${name}`),
                source: "default",
              };
    byName.set(name, resolved);
  }
  return { configFile, byName };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}
