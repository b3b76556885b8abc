import { readFileSync } from "node:fs";
import { inspect } from "node:util";

/**
 * A secret (a password) that cannot leak by accident: it prints, logs and
 * serialises as "[REDACTED]"; only `reveal()` hands out the value, at the one
 * place that needs it.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return "[REDACTED]";
  }

  toJSON(): string {
    return "[REDACTED]";
  }

  [inspect.custom](): string {
    return "[REDACTED]";
  }
}

/**
 * A secret from an environment variable, or else from a file (one value, its
 * trailing newline dropped). Never from a flag: flags show in `ps`.
 */
export function readSecret(fromEnv: string | undefined, file: string): Secret | undefined {
  if (fromEnv !== undefined && fromEnv !== "") return new Secret(fromEnv);
  if (file === "") return undefined;
  return new Secret(readFileSync(file, "utf8").replace(/\r?\n$/, ""));
}
