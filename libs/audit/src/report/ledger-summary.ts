// What became of the ledger's writes, as the report gives it: counted by checks/ledger-checks.ts.
export interface LedgerSummary {
  entries: number;
  acknowledged: number;
  acknowledgedRead: number;
  /** Acknowledged, located by the ledger before the audited range (say, deleted by retention). */
  acknowledgedOutOfRange: number;
  /** Acknowledged without a location, in an audit of a partial range: cannot be judged. */
  acknowledgedNotJudged: number;
  failed: number;
  /** Failed writes found in aborted transactions (read_uncommitted only): as they should be. */
  failedFoundAborted: number;
  unknown: number;
  unknownReadOnce: number;
  unknownNeverRead: number;
}
