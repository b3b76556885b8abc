// librdkafka errors as KafkaErrors: the one place this adapter reads librdkafka's error codes
// and flags. Negative codes are librdkafka's own (rdkafka.h); the others are Kafka's protocol
// errors, which librdkafka names a little differently from Kafka (ERR_UNKNOWN_TOPIC_OR_PART).
import { KafkaError, type KafkaErrorKind, kindOfCode } from "../../kafka-error.ts";
import { rdkafka } from "./librdkafka-module.ts";

/** The fields the binding's errors carry (a LibrdKafkaError; flags only from the transaction API). */
interface RdkafkaErrorFields {
  readonly code?: unknown;
  readonly message?: unknown;
  readonly isFatal?: unknown;
  readonly isRetriable?: unknown;
  readonly isTxnRequiresAbort?: unknown;
}

const codes = rdkafka().CODES.ERRORS;

const fencingCodes: ReadonlySet<number> = new Set([
  codes.ERR__FENCED,
  codes.ERR_PRODUCER_FENCED,
  codes.ERR_INVALID_PRODUCER_EPOCH,
]);

/**
 * The group coordinator refusing a transaction's offsets because the member they were read by
 * is no longer in the group's generation (KIP-447: a zombie that lost its partitions). Like a
 * fenced producer, nothing it sends in that transaction may commit.
 */
const groupFencingCodes: ReadonlySet<number> = new Set([
  codes.ERR_ILLEGAL_GENERATION,
  codes.ERR_UNKNOWN_MEMBER_ID,
  codes.ERR_FENCED_INSTANCE_ID,
]);

const localKinds: ReadonlyMap<number, KafkaErrorKind> = new Map<number, KafkaErrorKind>([
  [codes.ERR__UNKNOWN_TOPIC, "unknown-topic"],
  [codes.ERR__UNKNOWN_PARTITION, "unknown-topic"],
  [codes.ERR__INVALID_ARG, "invalid-argument"],
  [codes.ERR__INVALID_TYPE, "invalid-argument"],
  [codes.ERR__AUTHENTICATION, "authorization"],
  [codes.ERR__STATE, "transaction-state"],
  [codes.ERR__FATAL, "transaction-state"],
  [codes.ERR__PREV_IN_PROGRESS, "transaction-state"],
  [codes.ERR__DESTROY, "transaction-state"],
  [codes.ERR__NOT_CONFIGURED, "transaction-state"],
  // Queued or in-flight messages an abort (or close) purged.
  [codes.ERR__PURGE_QUEUE, "transaction-state"],
  [codes.ERR__PURGE_INFLIGHT, "transaction-state"],
  [codes.ERR__TRANSPORT, "unavailable"],
  [codes.ERR__ALL_BROKERS_DOWN, "unavailable"],
  [codes.ERR__RESOLVE, "unavailable"],
  [codes.ERR__SSL, "unavailable"],
  [codes.ERR__TIMED_OUT, "unavailable"],
  [codes.ERR__TIMED_OUT_QUEUE, "unavailable"],
  [codes.ERR__MSG_TIMED_OUT, "unavailable"],
  [codes.ERR__WAIT_COORD, "unavailable"],
  [codes.ERR__QUEUE_FULL, "unavailable"],
  [codes.ERR__ISR_INSUFF, "unavailable"],
  [codes.ERR__NODE_UPDATE, "unavailable"],
  [codes.ERR__OUTDATED, "unavailable"],
  [codes.ERR__DESTROY_BROKER, "unavailable"],
]);

/** Kafka's names (org.apache.kafka.common.protocol.Errors) where librdkafka's differ. */
const kafkaNames: ReadonlyMap<string, string> = new Map([
  ["UNKNOWN", "UNKNOWN_SERVER_ERROR"],
  ["INVALID_MSG", "CORRUPT_MESSAGE"],
  ["UNKNOWN_TOPIC_OR_PART", "UNKNOWN_TOPIC_OR_PARTITION"],
  ["INVALID_MSG_SIZE", "INVALID_FETCH_SIZE"],
  ["NOT_LEADER_FOR_PARTITION", "NOT_LEADER_OR_FOLLOWER"],
  ["MSG_SIZE_TOO_LARGE", "MESSAGE_TOO_LARGE"],
  ["TOPIC_EXCEPTION", "INVALID_TOPIC_EXCEPTION"],
]);

/** librdkafka's name of each code (the first, where two share one). */
const rdkafkaNames = new Map<number, string>();
for (const [name, code] of Object.entries(codes)) if (!rdkafkaNames.has(code)) rdkafkaNames.set(code, name);

/** The broker's error name for a protocol error code, as Kafka spells it. */
function kafkaName(code: number): string | undefined {
  const name = rdkafkaNames.get(code);
  if (code <= 0 || name === undefined) return undefined;
  const bare = name.replace(/^ERR_/, "");
  return kafkaNames.get(bare) ?? bare;
}

function fieldsOf(error: unknown): RdkafkaErrorFields {
  return typeof error === "object" && error !== null ? (error as RdkafkaErrorFields) : {};
}

function kindOf(code: number | undefined, message: string): KafkaErrorKind {
  if (code === undefined || code === -1) {
    // The binding's own refusals carry no code ("Producer not connected", "Client is disconnected").
    return /disconnected|not connected/i.test(message) ? "transaction-state" : "unknown";
  }
  if (fencingCodes.has(code) || groupFencingCodes.has(code)) return "fenced";
  const name = kafkaName(code);
  if (name !== undefined) return kindOfCode(name);
  return localKinds.get(code) ?? "unknown";
}

/** What the client said before the call failed, which the call's own error may not. */
export interface FailureContext {
  /**
   * The fatal error the client already had. After one, librdkafka refuses every call with
   * ERR__FATAL (or ERR__STATE) alone, which then means that error again.
   */
  readonly fatal?: KafkaError | undefined;
  /**
   * A recent client error event saying the broker refused to authenticate the client:
   * librdkafka retries that like a lost connection, so the call itself fails with a transport
   * error or a time-out.
   */
  readonly refusal?: unknown;
  /**
   * The fencing librdkafka's transaction manager told of when asked after the call failed
   * (fencing-check.ts): the call failed because of it, whatever its own error says (a send's
   * records purged from the queue, ERR__PURGE_QUEUE).
   */
  readonly fencing?: KafkaError | undefined;
}

/** Whatever librdkafka or its binding failed with, as a KafkaError; `what` says what was being done. */
export function fromLibrdkafka(what: string, error: unknown, context: FailureContext = {}): KafkaError {
  if (error instanceof KafkaError) return error;
  const fields = fieldsOf(error);
  const detail = typeof fields.message === "string" ? fields.message : String(error);
  const code = typeof fields.code === "number" ? fields.code : undefined;
  const { fatal, refusal, fencing } = context;
  let kind = kindOf(code, detail);
  const reason =
    fatal !== undefined && (code === codes.ERR__FATAL || code === codes.ERR__STATE)
      ? fatal
      : kind === "fenced"
        ? undefined
        : fencing;
  if (reason !== undefined) {
    return new KafkaError(reason.kind, `${what}: ${detail}, after: ${reason.message}`, {
      ...(reason.code === undefined ? {} : { code: reason.code }),
      retriable: false,
      cause: error,
    });
  }
  if (refusal !== undefined && kind === "unavailable") {
    return new KafkaError(
      "authorization",
      `${what}: ${detail}, after: ${String(fieldsOf(refusal).message)}`,
      {
        retriable: false,
        cause: error,
      },
    );
  }
  // A fatal error other than fencing leaves the producer unusable: it must be replaced.
  if (fields.isFatal === true && kind !== "fenced") kind = "transaction-state";
  const name = code === undefined ? undefined : kafkaName(code);
  const rdkafkaName = code === undefined ? undefined : rdkafkaNames.get(code);
  const message = `${what}: ${detail}${rdkafkaName === undefined ? "" : ` (${rdkafkaName})`}`;
  // librdkafka says when a transactional call may be repeated (a commit that timed out, say);
  // an error that needs the transaction aborted, or a fatal one, never may.
  const unrepeatable = kind === "fenced" || fields.isFatal === true || fields.isTxnRequiresAbort === true;
  const retriable = unrepeatable
    ? false
    : typeof fields.isRetriable === "boolean"
      ? fields.isRetriable
      : undefined;
  return new KafkaError(kind, message, {
    ...(name === undefined ? {} : { code: name }),
    ...(retriable === undefined ? {} : { retriable }),
    cause: error,
  });
}

/**
 * The producer's fencing, when a transactional call's error is that: ERR__FENCED, librdkafka's
 * one fatal fencing error (rd_kafka_txn_normalize_err), not a group refusing offsets (abortable).
 * The code alone decides: beginTransaction's errors come without the isFatal flag (the
 * binding's ProducerBeginTransaction worker passes code and message only).
 */
export function producerFencing(what: string, error: unknown): KafkaError | undefined {
  return fieldsOf(error).code === codes.ERR__FENCED ? fromLibrdkafka(what, error) : undefined;
}

/**
 * The group coordinator refused a transaction's offsets (see groupFencingCodes). librdkafka
 * leaves the producer able to abort that transaction and go on (an abortable error,
 * rdkafka_txnmgr.c rd_kafka_txn_handle_TxnOffsetCommit), unlike a fenced producer.
 */
export function isGroupFencing(error: unknown): boolean {
  const { code } = fieldsOf(error);
  return typeof code === "number" && groupFencingCodes.has(code);
}

/** A KafkaError of this adapter's own making, for calls the contract refuses before librdkafka sees them. */
export function refused(kind: KafkaErrorKind, message: string): KafkaError {
  return new KafkaError(kind, message);
}

/** produce() refused a record because librdkafka's queue is full: wait for deliveries, then retry. */
export function isQueueFull(error: unknown): boolean {
  return fieldsOf(error).code === codes.ERR__QUEUE_FULL;
}

/** A client error event saying the broker refused the client's credentials. */
export function isAuthenticationFailure(error: unknown): boolean {
  const fields = fieldsOf(error);
  if (fields.code === codes.ERR__AUTHENTICATION || fields.code === codes.ERR_SASL_AUTHENTICATION_FAILED)
    return true;
  return (
    typeof fields.message === "string" && fields.message.toLowerCase().includes("authentication failure")
  );
}

/**
 * Client errors that only say a connection came and went (librdkafka reports each broker
 * disconnect and reconnects by itself). The binding passes client errors as err2str's text
 * alone, lower-cased after "Local: " by LibrdKafkaError.
 */
const transientTexts = [
  "broker transport failure",
  "all broker connections are down",
  "host resolution failure",
  "timed out",
  "broker handle destroyed",
];

/** Client error events that only say a connection came and went (see above). */
export function isTransientClientError(error: unknown): boolean {
  const fields = fieldsOf(error);
  const code = typeof fields.code === "number" ? fields.code : undefined;
  if (code !== undefined && code !== -1) return localKinds.get(code) === "unavailable";
  const text = typeof fields.message === "string" ? fields.message.toLowerCase() : "";
  return transientTexts.some((transient) => text.includes(transient));
}
