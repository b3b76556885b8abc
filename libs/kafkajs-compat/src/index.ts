export { silenceKafkajsNegativeTimeoutWarning } from "./negative-timeout-warning.ts";
export { groupMessagesPerPartition, pooledEncoder, speedUpKafkajsProduce } from "./produce-speedups.ts";
export { alignAbortedTransactions, fixKafkajsReadCommitted } from "./read-committed.ts";
export { waitForTopicOnEveryBroker } from "./topic-on-every-broker.ts";
