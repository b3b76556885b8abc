import { ConfigError } from "../config-error.ts";
import type { Setting, SettingValue } from "./setting.ts";

/** A flag's, an environment variable's or a default's text as its setting's kind. */
export function parseSettingText(setting: Setting, raw: string, where: string): SettingValue {
  const refuse = (expected: string): never => {
    throw new ConfigError(`${where} must be ${expected}, got ${setting.secret ? "a secret" : `"${raw}"`}`);
  };
  switch (setting.kind) {
    case "integer": {
      const value = Number(raw);
      if (raw.trim() === "" || !Number.isSafeInteger(value) || value < (setting.min ?? 0)) {
        refuse(`an integer >= ${setting.min ?? 0}`);
      }
      return value;
    }
    case "boolean":
      if (raw !== "true" && raw !== "false") refuse("true or false");
      return raw === "true";
    case "list":
      return raw
        .split(",")
        .map((item) => item.trim())
        .filter((item) => item !== "");
    case "text":
      if (setting.values && !setting.values.includes(raw)) refuse(`one of ${shownValues(setting.values)}`);
      return raw;
  }
}

/** A config file's value checked against its setting's kind: the value, or what was expected. */
export function checkFileValue(
  setting: Setting,
  value: unknown,
): { readonly value: SettingValue } | { readonly expected: string } {
  const got = setting.secret ? `a ${typeName(value)}` : shown(value);
  switch (setting.kind) {
    case "integer": {
      const min = setting.min ?? 0;
      if (typeof value === "number" && Number.isSafeInteger(value) && value >= min) return { value };
      return { expected: `expected an integer >= ${min}, got ${got}` };
    }
    case "boolean":
      return typeof value === "boolean" ? { value } : { expected: `expected true or false, got ${got}` };
    case "list":
      if (Array.isArray(value) && value.every((item) => typeof item === "string")) return { value };
      return { expected: `expected a list of strings, got ${got}` };
    case "text":
      if (typeof value !== "string") return { expected: `expected a string, got ${got}` };
      if (setting.values && !setting.values.includes(value)) {
        return { expected: `expected one of ${shownValues(setting.values)}, got ${got}` };
      }
      return { value };
  }
}

function shownValues(values: readonly string[]): string {
  return values.map((value) => (value === "" ? '""' : value)).join(", ");
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  return Array.isArray(value) ? "list" : typeof value;
}

function shown(value: unknown): string {
  if (typeof value === "object" && value !== null) return `a ${typeName(value)}`;
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
