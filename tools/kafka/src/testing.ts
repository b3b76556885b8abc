// Helpers for tests against the local broker:
//   import { LOCAL_BROKERS } from "@onceport/kafka-dev";
//   import { createTopics, readCommitted, uniqueTopicName } from "@onceport/kafka-dev/testing";

export { useClaimedCluster } from "./claimed-cluster.ts";
export { devAdapter, devKafkaClient, withAdmin } from "./dev-client.ts";
export { CLUSTER_BROKERS, LOCAL_BROKERS, LOCAL_SASL, LOCAL_SASL_BROKERS } from "./layouts.ts";
export type { ReadOptions, ReadRecord } from "./read-records.ts";
export { readCommitted, readRecords, readUncommitted } from "./read-records.ts";
export type { TopicSpec } from "./topics.ts";
export { createTopics, deleteTopics, uniqueTopicName } from "./topics.ts";
export { uniqueTransactionalId } from "./transactional-producer.ts";
export type { TestHeader, TestRecord } from "./write-committed.ts";
export { writeCommitted } from "./write-committed.ts";
