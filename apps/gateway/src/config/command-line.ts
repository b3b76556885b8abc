import { parseArgs } from "node:util";
import { ConfigError } from "../config-error.ts";
import type { SettingTable } from "./setting.ts";

/** What the gateway's command line asks for, beside the settings. */
export interface CommandLine {
  /** Settings given as flags, by flag name. */
  readonly flags: ReadonlyMap<string, string>;
  /** --config FILE. */
  readonly configFile: string | undefined;
  readonly printConfig: boolean;
  readonly help: boolean;
}

/** The flags the command line takes besides the settings. */
export const commandFlags = {
  config: {
    env: "ONCEPORT_CONFIG",
    help: "the config file (YAML or JSON), read before the environment and flags",
  },
  "print-config": {
    help: "print the effective configuration (secrets masked) in the config file's format, and exit",
  },
  help: { help: "print this help and exit" },
} as const;

export function parseCommandLine(table: SettingTable, argv: readonly string[]): CommandLine {
  const settingOptions = Object.entries(table)
    .filter(([, setting]) => !setting.noFlag)
    .map(([name]) => [name, { type: "string" as const }]);
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        ...Object.fromEntries(settingOptions),
        config: { type: "string" },
        "print-config": { type: "boolean" },
        help: { type: "boolean" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    // parseArgs' own words (unknown option, missing value); the fix is in --help.
    throw new ConfigError(`${error instanceof Error ? error.message : String(error)} (see --help)`);
  }
  const flags = new Map<string, string>();
  for (const [name, value] of Object.entries(values)) {
    if (typeof value === "string" && name in table) flags.set(name, value);
  }
  return {
    flags,
    configFile: typeof values.config === "string" ? values.config : undefined,
    printConfig: values["print-config"] === true,
    help: values.help === true,
  };
}
