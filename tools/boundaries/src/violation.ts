export const ruleNames = [
  "untagged-package",
  "lib-imports-app-or-tool",
  "dev-only-import-in-published-code",
  "import-cycle",
  /** Two folders under one package's src/ whose published files import each other (around a loop). */
  "folder-cycle",
  "kafka-client-outside-kafka-layer",
] as const;
export type RuleName = (typeof ruleNames)[number];

export interface Violation {
  readonly rule: RuleName;
  /** The file (or package directory) at fault, relative to the workspace root. */
  readonly where: string;
  readonly detail: string;
}

export function formatViolation(violation: Violation): string {
  return `${violation.rule}: ${violation.where}: ${violation.detail}`;
}
