// The one place the gateway turns a Kafka failure (@onceport/kafka's KafkaError, by kind)
// into the error a caller sees.
import { OnceportError } from "@onceport/errors";
import { isKafkaError } from "@onceport/kafka";

export function isFencingError(error: unknown): boolean {
  return isKafkaError(error) && error.kind === "fenced";
}

/** The client refuses calls in the producer's state (INVALID_TXN_STATE...): it must be replaced. */
export function isProducerStateError(error: unknown): boolean {
  return isKafkaError(error) && error.kind === "transaction-state";
}

export function fencedError(transactionalId: string, cause?: unknown): OnceportError {
  return new OnceportError(
    "PRODUCER_FENCED",
    `the producer of ${transactionalId} was fenced: another session of this client took over, here or in another gateway`,
    { cause },
  );
}

/** A Kafka failure that is not fencing, as the error a caller sees. */
export function kafkaFailure(what: string, cause: unknown): OnceportError {
  if (cause instanceof OnceportError) return cause;
  const detail = cause instanceof Error ? cause.message : String(cause);
  if (isKafkaError(cause)) {
    switch (cause.kind) {
      case "too-large":
        // The gateway bounds its batches, so a record alone is above the topic's limit.
        return new OnceportError(
          "RECORD_TOO_LARGE",
          `${what}: Kafka refused the records as too large (the topic's max.message.bytes is below --kafka-max-batch-bytes): ${detail}`,
          { cause },
        );
      case "invalid-argument":
        return new OnceportError("INVALID_ARGUMENT", `${what}: ${detail}`, { cause });
      case "authorization":
        return new OnceportError("PERMISSION_DENIED", `${what}: Kafka refused the gateway: ${detail}`, {
          cause,
        });
      default:
        break;
    }
  }
  return new OnceportError("KAFKA_UNAVAILABLE", `${what}: ${detail}`, { cause });
}
