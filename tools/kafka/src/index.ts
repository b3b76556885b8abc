// @onceport/kafka-dev: a real Kafka broker (or 3-node cluster) on this machine, for
// development and tests. See README.md; test helpers are in "@onceport/kafka-dev/testing".
import type { KafkaVersion } from "./versions.ts";
import { kafkaVersion } from "./versions.ts";

export type { NodeStatus } from "./broker-node.ts";
export type { NodeStopResult } from "./cluster.ts";
export { clusterStatus, killNode, startCluster, startNode, stopCluster, stopNode } from "./cluster.ts";
export { type ClusterClaim, claimCluster } from "./cluster-claim.ts";
export type { LocalBrokerLease } from "./ensure-local-broker.ts";
export { ensureLocalBroker } from "./ensure-local-broker.ts";
export { ensureJars } from "./jars.ts";
export {
  CLUSTER_BROKERS,
  CLUSTER_PROXIED,
  CLUSTER_SIZE,
  LOCAL_BROKERS,
  LOCAL_SASL,
  LOCAL_SASL_BROKERS,
  type ProxiedBroker,
} from "./layouts.ts";
export { libsDir } from "./paths.ts";
export { isReachable } from "./reachability.ts";
export type { StopResult } from "./single-broker.ts";
export { killLocalBroker, localBrokerStatus, startLocalBroker, stopLocalBroker } from "./single-broker.ts";
export type { StartResult } from "./start-result.ts";
export type { KafkaClasses, KafkaRelease, KafkaVersion } from "./versions.ts";
export {
  DEFAULT_KAFKA_VERSION,
  KAFKA_VERSION_ENV,
  KAFKA_VERSIONS,
  kafkaClasses,
  kafkaRelease,
  kafkaVersion,
} from "./versions.ts";

/**
 * The Kafka version that ONCEPORT_KAFKA_VERSION selected when this module loaded (4.4.0
 * unless set; an unsupported value throws here), for reports. Code that starts or talks to
 * the broker calls kafkaVersion().
 */
export const KAFKA_VERSION: KafkaVersion = kafkaVersion();
