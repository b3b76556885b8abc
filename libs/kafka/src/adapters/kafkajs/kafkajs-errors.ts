// kafkajs errors as KafkaErrors: the one place this adapter reads kafkajs's error shapes.
import { KafkaError, kindOfCode } from "../../kafka-error.ts";

/** The protocol error `type`s along an error's cause chain (kafkajs wraps retried errors). */
export function protocolTypes(error: unknown): string[] {
  const types: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 8; depth++) {
    const type = (current as { type?: unknown }).type;
    if (typeof type === "string") types.push(type);
    current = current.cause ?? (current as { originalError?: unknown }).originalError;
  }
  return types;
}

/** Whatever kafkajs threw, as a KafkaError; `what` says what was being done. */
export function fromKafkajs(what: string, error: unknown): KafkaError {
  if (error instanceof KafkaError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  const message = `${what}: ${detail}`;
  const types = protocolTypes(error);
  // The most telling type wins: fencing over anything a retry wrapped around it.
  for (const kind of [
    "fenced",
    "transaction-state",
    "too-large",
    "authorization",
    "invalid-argument",
    "unknown-topic",
  ] as const) {
    const code = types.find((type) => kindOfCode(type) === kind);
    if (code !== undefined) return new KafkaError(kind, message, { code, cause: error });
  }
  // kafkajs's own state machine refusing a call ("Transaction state exception: ...").
  if (error instanceof Error && error.name === "KafkaJSNonRetriableError" && /state/i.test(detail)) {
    return new KafkaError("transaction-state", message, { cause: error });
  }
  // Not kafkajs's own error (a TypeError from bad input, say): no retry can mend it.
  if (!(error instanceof Error) || !error.name.startsWith("KafkaJS")) {
    return new KafkaError("unknown", message, { cause: error });
  }
  const [code] = types;
  return new KafkaError("unavailable", message, { ...(code === undefined ? {} : { code }), cause: error });
}
