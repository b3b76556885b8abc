// Violations the repository has today and that are not fixed yet, each to be removed from
// this list by the change that fixes it (repo.spec.ts fails on a listed one that is gone, as
// on any new one). Not a place for new exceptions: those go in rules.ts, with their reason.
export const knownViolations: readonly string[] = [
  // libs/audit: its CLI and its test kit use the development broker (issue #22: split them off).
  'lib-imports-app-or-tool: libs/audit/src/cli/run-audit-command.ts:64: @onceport/audit (lib) imports @onceport/kafka-dev (tool): "@onceport/kafka-dev"',
  'lib-imports-app-or-tool: libs/audit/src/testing/verdict.ts:7: @onceport/audit (lib) imports @onceport/kafka-dev (tool): "@onceport/kafka-dev"',
  'lib-imports-app-or-tool: libs/audit/src/testing/verdict.ts:8: @onceport/audit (lib) imports @onceport/kafka-dev (tool): "@onceport/kafka-dev/testing"',
  "import-cycle: libs/kafka/src/adapters/platformatic/group-offsets.ts: libs/kafka/src/adapters/platformatic/group-offsets.ts <-> libs/kafka/src/adapters/platformatic/platformatic-transaction.ts <-> libs/kafka/src/adapters/platformatic/transactional-producer.ts",
  "import-cycle: libs/sdk/src/publisher/publisher-writable.ts: libs/sdk/src/publisher/publisher-writable.ts <-> libs/sdk/src/publisher/publisher.ts",
  "import-cycle: tools/faults/src/scenarios/load-result.ts: tools/faults/src/scenarios/load-result.ts <-> tools/faults/src/scenarios/load-scenario.ts",
  "folder-cycle: apps/gateway/src/auth: apps/gateway/src/auth <-> apps/gateway/src/limits",
  "folder-cycle: apps/gateway/src/publish: apps/gateway/src/publish <-> apps/gateway/src/telemetry",
  "folder-cycle: libs/audit/src/checks: libs/audit/src/checks <-> libs/audit/src/report",
  "folder-cycle: libs/sdk/src/consumer: libs/sdk/src/consumer <-> libs/sdk/src/process <-> libs/sdk/src/subscribe",
  "folder-cycle: libs/sdk/src/retry: libs/sdk/src/retry <-> libs/sdk/src/session <-> libs/sdk/src/transport",
  "folder-cycle: tools/bench/src/cases: tools/bench/src/cases <-> tools/bench/src/report",
  "folder-cycle: tools/bench/src/drivers: tools/bench/src/drivers <-> tools/bench/src/measure",
];
