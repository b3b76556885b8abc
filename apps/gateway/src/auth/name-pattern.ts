/**
 * A name pattern of the policy: `*` stands for any run of characters (also
 * none), everything else is literal. "orders-*" matches "orders-eu" and
 * "orders-"; "*" matches every name.
 */
export function compilePattern(pattern: string): RegExp {
  const literal = pattern.split("*").map((part) => part.replace(/[\\^$.|?+()[\]{}-]/g, "\\$&"));
  return new RegExp(`^${literal.join(".*")}$`, "s");
}

/** True when any of the patterns matches the name. */
export function matchesAny(patterns: readonly RegExp[], name: string): boolean {
  return patterns.some((pattern) => pattern.test(name));
}
