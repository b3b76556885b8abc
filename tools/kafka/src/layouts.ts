// The two deployments this tool runs: one broker for development and tests, and a
// 3-node cluster (replication factor 3, min.insync.replicas 2) for fault tests.
// Fixed ports, chosen away from Kafka's 9092 so that a developer's own broker does not clash.
import { join } from "node:path";
import type { NodeSpec, ProxiedListener, SaslListener, Setting } from "./node-spec.ts";
import { brokerAddress } from "./node-spec.ts";
import { KAFKA_STATE } from "./paths.ts";

const HOST = "127.0.0.1";

/** Settings for fast tests on one machine, shared by both deployments. */
const TEST_TUNED: Record<string, Setting> = {
  "auto.create.topics.enable": false,
  "num.partitions": 1,
  "group.initial.rebalance.delay.ms": 0,
  // Few partitions for __consumer_offsets and __transaction_state: the defaults (50) make
  // the first group join and the first transaction take seconds on a fresh broker.
  "offsets.topic.num.partitions": 4,
  "transaction.state.log.num.partitions": 4,
  // A SIGKILLed broker is fenced (and dropped from every ISR) after this session timeout,
  // and until then its restarted self is refused (DUPLICATE_BROKER_REGISTRATION): the
  // default 9 s only makes kill-and-restart tests wait longer.
  "broker.session.timeout.ms": 6000,
  "broker.heartbeat.interval.ms": 1000,
};

export const SINGLE_DIR = join(KAFKA_STATE, "single");

/**
 * The single broker's SASL_PLAINTEXT listener (SCRAM-SHA-512) and its user: a development
 * credential, not a secret, for testing clients that authenticate to Kafka.
 */
export const LOCAL_SASL: SaslListener = {
  port: 19094,
  mechanism: "SCRAM-SHA-512",
  username: "onceport",
  password: "onceport-dev-scram-password",
};

export const SINGLE_NODE: NodeSpec = {
  label: "broker",
  dir: SINGLE_DIR,
  nodeId: 1,
  host: HOST,
  brokerPort: 19092,
  controllerPort: 19093,
  quorumVoters: `1@${HOST}:19093`,
  settings: {
    ...TEST_TUNED,
    "default.replication.factor": 1,
    "min.insync.replicas": 1,
    "offsets.topic.replication.factor": 1,
    "transaction.state.log.replication.factor": 1,
    "transaction.state.log.min.isr": 1,
  },
  sasl: LOCAL_SASL,
};

export const CLUSTER_DIR = join(KAFKA_STATE, "cluster");
export const CLUSTER_SIZE = 3;

const clusterNodeIds = Array.from({ length: CLUSTER_SIZE }, (_, index) => index + 1);

/** Node N's listener for clients behind a fault proxy: listens on 1940N, advertises 1950N. */
function clusterProxiedListener(nodeId: number): ProxiedListener {
  return { port: 19400 + nodeId, advertisedPort: 19500 + nodeId };
}

function clusterNode(nodeId: number): NodeSpec {
  return {
    label: `cluster node ${nodeId}`,
    dir: join(CLUSTER_DIR, `node-${nodeId}`),
    nodeId,
    host: HOST,
    brokerPort: 19200 + nodeId,
    controllerPort: 19300 + nodeId,
    quorumVoters: clusterNodeIds.map((id) => `${id}@${HOST}:${19300 + id}`).join(","),
    proxied: clusterProxiedListener(nodeId),
    settings: {
      ...TEST_TUNED,
      "default.replication.factor": 3,
      "min.insync.replicas": 2,
      "offsets.topic.replication.factor": 3,
      "transaction.state.log.replication.factor": 3,
      "transaction.state.log.min.isr": 2,
    },
  };
}

export const CLUSTER_NODES: readonly NodeSpec[] = clusterNodeIds.map(clusterNode);

/** The address brokers of the single-node deployment listen on. */
export const LOCAL_BROKERS: readonly string[] = [brokerAddress(SINGLE_NODE)];

/** The single broker's SASL_PLAINTEXT (SCRAM-SHA-512) listener, user `LOCAL_SASL.username`. */
export const LOCAL_SASL_BROKERS: readonly string[] = [`${HOST}:${LOCAL_SASL.port}`];

/** The addresses of the 3-node cluster's brokers. */
export const CLUSTER_BROKERS: readonly string[] = CLUSTER_NODES.map(brokerAddress);

/** Where a TCP fault proxy in front of a cluster node's proxied listener listens, and what it forwards to. */
export interface ProxiedBroker {
  readonly nodeId: number;
  /** The address the node advertises on its proxied listener: the proxy must listen here. */
  readonly proxyAddress: string;
  /** The node's proxied listener itself: the proxy's upstream. */
  readonly upstream: string;
}

/**
 * The cluster's proxied listeners. A client bootstrapped with the `proxyAddress`es (while
 * proxies run there) reaches every broker through its proxy only; see ProxiedListener.
 */
export const CLUSTER_PROXIED: readonly ProxiedBroker[] = clusterNodeIds.map((nodeId) => {
  const { port, advertisedPort } = clusterProxiedListener(nodeId);
  return { nodeId, proxyAddress: `${HOST}:${advertisedPort}`, upstream: `${HOST}:${port}` };
});

/** The node with this id (1-based), or an error naming the valid ids. */
export function clusterNodeSpec(nodeId: number): NodeSpec {
  const spec = CLUSTER_NODES.find((node) => node.nodeId === nodeId);
  if (!spec) throw new RangeError(`no cluster node ${nodeId}: nodes are 1..${CLUSTER_SIZE}`);
  return spec;
}
