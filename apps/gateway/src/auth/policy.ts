import { compilePattern, matchesAny } from "./name-pattern.ts";

/** What a principal may do: patterns of names. */
export interface Grants {
  /** Client ids it may open sessions for (and so fence), and worker ids it may process as. */
  readonly clientIds: readonly RegExp[];
  /** Topics it may publish to, and write Process outputs to. */
  readonly write: readonly RegExp[];
  /** Topics it may Subscribe to. */
  readonly read: readonly RegExp[];
  /** Topics it may consume with Process. */
  readonly process: readonly RegExp[];
  /** Consumer groups it may join with Process. */
  readonly groups: readonly RegExp[];
}

type Right = keyof Grants;
const rights: readonly Right[] = ["clientIds", "write", "read", "process", "groups"];

/**
 * The policy file: principals (or patterns of them) and what each may do.
 *
 * ```json
 * { "principals": {
 *     "orders-service": { "clientIds": ["orders-*"], "write": ["orders"], "read": ["payments"] },
 *     "spiffe://onceport.dev/eur-*": { "clientIds": ["eur-*"], "process": ["payments"],
 *                                      "groups": ["eur-converter"], "write": ["payments-eur"] } } }
 * ```
 *
 * A principal gets the union of every entry whose name pattern matches it;
 * what no entry grants is denied.
 */
export class Policy {
  private readonly entries: readonly { readonly principal: RegExp; readonly grants: Grants }[];
  private readonly cache = new Map<string, Grants>();

  private constructor(entries: readonly { principal: RegExp; grants: Grants }[]) {
    this.entries = entries;
  }

  /** Parses and checks a policy file's text; unknown keys are errors, since a typo would deny or grant silently. */
  static parse(text: string): Policy {
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch (error) {
      throw new Error(`the policy is not JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!isObject(document) || !isObject(document.principals) || Object.keys(document).length !== 1) {
      throw new Error('the policy must be an object with one key, "principals"');
    }
    const entries = Object.entries(document.principals).map(([principal, grants]) => ({
      principal: compilePattern(principal),
      grants: parseGrants(principal, grants),
    }));
    return new Policy(entries);
  }

  /** What this principal may do. */
  grantsFor(principal: string): Grants {
    let grants = this.cache.get(principal);
    if (!grants) {
      const matching = this.entries.filter((entry) => entry.principal.test(principal));
      const union = (right: Right) => matching.flatMap((entry) => entry.grants[right]);
      grants = {
        clientIds: union("clientIds"),
        write: union("write"),
        read: union("read"),
        process: union("process"),
        groups: union("groups"),
      };
      // Bounded: principals are authenticated, and the cache is rebuilt with each policy reload.
      if (this.cache.size < 100_000) this.cache.set(principal, grants);
    }
    return grants;
  }

  allows(principal: string, right: Right, name: string): boolean {
    return matchesAny(this.grantsFor(principal)[right], name);
  }
}

function parseGrants(principal: string, value: unknown): Grants {
  if (!isObject(value)) throw new Error(`principal "${principal}": its grants must be an object`);
  for (const key of Object.keys(value)) {
    if (!rights.includes(key as Right)) {
      throw new Error(`principal "${principal}": unknown key "${key}" (known: ${rights.join(", ")})`);
    }
  }
  const patterns = (right: Right): RegExp[] => {
    const list = value[right] ?? [];
    if (!Array.isArray(list) || !list.every((item) => typeof item === "string" && item !== "")) {
      throw new Error(`principal "${principal}": "${right}" must be a list of non-empty names or patterns`);
    }
    return list.map(compilePattern);
  };
  return {
    clientIds: patterns("clientIds"),
    write: patterns("write"),
    read: patterns("read"),
    process: patterns("process"),
    groups: patterns("groups"),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
