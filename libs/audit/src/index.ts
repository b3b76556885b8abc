// @onceport/audit: reads topics back and proves on the data that nothing was doubled, lost or
// leaked. See README.md.
export type { FallbackIdentity } from "./checks/identity.ts";
export type { CommandIo } from "./cli/command-io.ts";
export { runAuditCommand } from "./cli/run-audit-command.ts";
export type { ContinuousAudit, ContinuousAuditOptions } from "./continuous/continuous-audit.ts";
export { startContinuousAudit } from "./continuous/continuous-audit.ts";
export {
  clientIdHeader,
  inputHeader,
  messageIdHeader,
  type ProcessOutputId,
  parseInputHeader,
  parseProcessOutputId,
} from "./conventions.ts";
export type { Bound } from "./kafka/plan-ranges.ts";
export type { TransactionsTool } from "./kafka/transactions-tool.ts";
export { formatLedgerLine, type LedgerEntry, type Outcome, parseLedgerLine } from "./ledger/ledger-entry.ts";
export { LedgerIndex } from "./ledger/ledger-index.ts";
export { outcomeAfter } from "./ledger/outcome-after.ts";
export { readLedger } from "./ledger/read-ledger.ts";
export type { Anomaly, AnomalyKind, CheckName, CheckResult } from "./report/anomaly.ts";
export { checkNames } from "./report/anomaly.ts";
export type { AuditReport, MemoryReport, PartitionReport, TopicReport } from "./report/audit-report.ts";
export { formatText } from "./report/format-text.ts";
export { type AuditOptions, type AuditProgress, runAudit } from "./run-audit.ts";
