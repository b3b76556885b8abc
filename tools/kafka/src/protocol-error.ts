// kafkajs wraps broker errors (KafkaJSProtocolError, which has the Kafka error `type`) in
// KafkaJSNonRetriableError or KafkaJSNumberOfRetriesExceeded: find the broker's word.
// kafkajs adds its error classes to module.exports with an object spread, which Node's
// CommonJS named-export detection cannot see: take them from the default export.
import kafkajs from "kafkajs";

const { KafkaJSProtocolError } = kafkajs;

/** The Kafka protocol error type (e.g. "INVALID_PRODUCER_EPOCH") in `error` or its causes. */
export function protocolErrorType(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current instanceof Error && !seen.has(current)) {
    seen.add(current);
    if (current instanceof KafkaJSProtocolError) return current.type;
    current =
      (current as { cause?: unknown }).cause ?? (current as { originalError?: unknown }).originalError;
  }
  return undefined;
}
