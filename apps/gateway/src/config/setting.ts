/**
 * One gateway setting and its schema: the flag is the table's key, the environment variable
 * `env`, the config file key `path`. Every layer (flag, environment, file, default) is checked
 * against the same kind, minimum and allowed values.
 */
export interface Setting {
  readonly env: string;
  /** Its key in the config file: `section.key`, or `section.sub.key`. */
  readonly path: string;
  readonly kind: "text" | "integer" | "boolean" | "list";
  /** The default, written as a flag's value would be ("" for none). */
  readonly default: string;
  /** One line for --help. */
  readonly help: string;
  /** An integer's least value. */
  readonly min?: number;
  /** The values a text may take. */
  readonly values?: readonly string[];
  /** Masked by --print-config and never echoed in an error. */
  readonly secret?: true;
  /** Not a flag (flags show in `ps`): the environment or the config file only. */
  readonly noFlag?: true;
}

export type SettingTable = Readonly<Record<string, Setting>>;

export type SettingValue = string | number | boolean | readonly string[];

/** Where a setting's value came from, last one winning. */
export type SettingSource = "default" | "config file" | "environment" | "flag";

export interface ResolvedSetting {
  readonly value: SettingValue;
  readonly source: SettingSource;
}
