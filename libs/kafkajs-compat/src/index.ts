export { silenceKafkajsNegativeTimeoutWarning } from "./negative-timeout-warning.ts";
export { alignAbortedTransactions, fixKafkajsReadCommitted } from "./read-committed.ts";
