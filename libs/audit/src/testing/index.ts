// @onceport/audit/testing: the audit's verdict for other packages' integration tests. Kept out of
// the main entry: it defaults to the development broker (@onceport/kafka-dev, a dev dependency).
export { audit, expectAuditPass, expectProcessAuditPass } from "./verdict.ts";
export {
  type AcknowledgedRecord,
  type PublishedRecord,
  publishWrites,
  type Write,
  WriteLedger,
} from "./write-ledger.ts";
