import type { ResolvedSettings } from "./resolve-settings.ts";
import type { SettingValue } from "./setting.ts";

/** Typed access to resolved settings, by flag name. */
export interface SettingReader<Name extends string> {
  text(name: Name): string;
  int(name: Name): number;
  bool(name: Name): boolean;
  list(name: Name): readonly string[];
  /** Whether it was set at all (flag, environment or config file), not left at its default. */
  given(name: Name): boolean;
}

export function settingReader<Name extends string>(resolved: ResolvedSettings): SettingReader<Name> {
  const value = (name: Name): SettingValue => {
    const found = resolved.byName.get(name);
    if (found === undefined) throw new Error(`no setting named ${name}`);
    return found.value;
  };
  const typed = <T>(name: Name, is: (value: SettingValue) => value is T & SettingValue): T => {
    const found = value(name);
    if (!is(found)) throw new Error(`setting ${name} is not of the kind asked for`);
    return found;
  };
  return {
    text: (name) => typed(name, (v): v is string => typeof v === "string"),
    int: (name) => typed(name, (v): v is number => typeof v === "number"),
    bool: (name) => typed(name, (v): v is boolean => typeof v === "boolean"),
    list: (name) => typed(name, (v): v is readonly string[] => Array.isArray(v)),
    given: (name) => resolved.byName.get(name)?.source !== "default",
  };
}
