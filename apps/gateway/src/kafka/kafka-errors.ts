import { OnceportError } from "@onceport/errors";

/**
 * Protocol error types that mean another producer with the same transactional.id
 * took over (or Kafka aborted our transaction and bumped the epoch): this
 * producer can never commit again. For the old request versions kafkajs speaks,
 * the broker reports PRODUCER_FENCED as INVALID_PRODUCER_EPOCH.
 */
const fencingTypes = new Set(["INVALID_PRODUCER_EPOCH", "PRODUCER_FENCED"]);

/** The kafkajs error `type`s along an error's cause chain (kafkajs wraps retried errors). */
export function kafkaErrorTypes(error: unknown): string[] {
  const types: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 8; depth++) {
    const type = (current as { type?: unknown }).type;
    if (typeof type === "string") types.push(type);
    current = current.cause;
  }
  return types;
}

export function isFencingError(error: unknown): boolean {
  return kafkaErrorTypes(error).some((type) => fencingTypes.has(type));
}

export function fencedError(transactionalId: string, cause?: unknown): OnceportError {
  return new OnceportError(
    "PRODUCER_FENCED",
    `the producer of ${transactionalId} was fenced: another session of this client took over, here or in another gateway`,
    { cause },
  );
}

/**
 * Refusals of a produce that no retry can change: the batch is above the topic's or the
 * broker's size limit (a record alone is, since the gateway bounds its batches).
 */
const tooLargeTypes = new Set(["MESSAGE_TOO_LARGE", "RECORD_LIST_TOO_LARGE"]);

/** A Kafka failure that is not fencing, as the error a caller sees. */
export function kafkaFailure(what: string, cause: unknown): OnceportError {
  if (cause instanceof OnceportError) return cause;
  const detail = cause instanceof Error ? cause.message : String(cause);
  if (kafkaErrorTypes(cause).some((type) => tooLargeTypes.has(type))) {
    return new OnceportError(
      "RECORD_TOO_LARGE",
      `${what}: Kafka refused the records as too large (the topic's max.message.bytes is below --kafka-max-batch-bytes): ${detail}`,
      { cause },
    );
  }
  return new OnceportError("KAFKA_UNAVAILABLE", `${what}: ${detail}`, { cause });
}
