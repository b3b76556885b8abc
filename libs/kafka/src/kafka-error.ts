// The one error every adapter throws. Each client names the same broker answer differently
// (kafkajs `type`, librdkafka codes, @platformatic/kafka's `apiCode`): adapters translate them
// here once, into a kind the rest of Onceport decides on.

/**
 * fenced: another producer took the transactional.id over (or the coordinator bumped the
 *   epoch): this producer can never commit again.
 * unknown-topic: the topic or partition does not exist.
 * too-large: the broker refuses the batch or record for its size.
 * invalid-argument: the request itself is wrong (a bad topic name, say).
 * authorization: the broker refuses the principal.
 * transaction-state: the client or coordinator is in a state that refuses the call
 *   (e.g. INVALID_TXN_STATE): the producer must be replaced.
 * unavailable: brokers, leaders or coordinators moving or unreachable; time-outs.
 * unknown: anything else.
 */
export type KafkaErrorKind =
  | "fenced"
  | "unknown-topic"
  | "too-large"
  | "invalid-argument"
  | "authorization"
  | "transaction-state"
  | "unavailable"
  | "unknown";

const retriableKinds: ReadonlySet<KafkaErrorKind> = new Set(["unavailable", "unknown-topic"]);

export interface KafkaErrorOptions {
  /** The broker's error name (e.g. NOT_LEADER_OR_FOLLOWER), when the broker gave one. */
  readonly code?: string;
  readonly retriable?: boolean;
  readonly cause?: unknown;
}

export class KafkaError extends Error {
  override readonly name = "KafkaError";
  readonly kind: KafkaErrorKind;
  readonly code: string | undefined;
  readonly retriable: boolean;

  constructor(kind: KafkaErrorKind, message: string, options: KafkaErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    this.code = options.code;
    this.retriable = options.retriable ?? retriableKinds.has(kind);
  }
}

export function isKafkaError(error: unknown): error is KafkaError {
  return error instanceof KafkaError;
}

/**
 * Kafka's protocol error names (org.apache.kafka.common.protocol.Errors) by the kind they are.
 * Fencing: for the old request versions some clients speak, the broker reports PRODUCER_FENCED
 * as INVALID_PRODUCER_EPOCH.
 */
const kindsByCode: Readonly<Record<string, KafkaErrorKind>> = {
  PRODUCER_FENCED: "fenced",
  INVALID_PRODUCER_EPOCH: "fenced",
  TRANSACTIONAL_ID_NOT_FOUND: "transaction-state",
  INVALID_TXN_STATE: "transaction-state",
  INVALID_PRODUCER_ID_MAPPING: "transaction-state",
  UNKNOWN_TOPIC_OR_PARTITION: "unknown-topic",
  MESSAGE_TOO_LARGE: "too-large",
  RECORD_LIST_TOO_LARGE: "too-large",
  INVALID_TOPIC_EXCEPTION: "invalid-argument",
  INVALID_REQUEST: "invalid-argument",
  INVALID_RECORD: "invalid-argument",
  INVALID_PARTITIONS: "invalid-argument",
  INVALID_REPLICATION_FACTOR: "invalid-argument",
  INVALID_CONFIG: "invalid-argument",
  TOPIC_ALREADY_EXISTS: "invalid-argument",
  INVALID_TRANSACTION_TIMEOUT: "invalid-argument",
  TOPIC_AUTHORIZATION_FAILED: "authorization",
  GROUP_AUTHORIZATION_FAILED: "authorization",
  CLUSTER_AUTHORIZATION_FAILED: "authorization",
  TRANSACTIONAL_ID_AUTHORIZATION_FAILED: "authorization",
  SASL_AUTHENTICATION_FAILED: "authorization",
};

/** The kind of a broker error name; names not listed (leaders moving, time-outs...) are unavailable. */
export function kindOfCode(code: string): KafkaErrorKind {
  return kindsByCode[code] ?? "unavailable";
}
