// Violations the repository has today and that are not fixed yet, each to be removed from
// this list by the change that fixes it (repo.spec.ts fails on a listed one that is gone, as
// on any new one). Not a place for new exceptions: those go in rules.ts, with their reason.
export const knownViolations: readonly string[] = [
  // libs/audit: its CLI and its test kit use the development broker (issue #22: split them off).
  'lib-imports-app-or-tool: libs/audit/src/cli/run-audit-command.ts:64: @onceport/audit (lib) imports @onceport/kafka-dev (tool): "@onceport/kafka-dev"',
  'lib-imports-app-or-tool: libs/audit/src/testing/verdict.ts:7: @onceport/audit (lib) imports @onceport/kafka-dev (tool): "@onceport/kafka-dev"',
  'lib-imports-app-or-tool: libs/audit/src/testing/verdict.ts:8: @onceport/audit (lib) imports @onceport/kafka-dev (tool): "@onceport/kafka-dev/testing"',
];
