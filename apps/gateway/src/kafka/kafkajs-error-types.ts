// The protocol error types of a kafkajs error, for the parts of the gateway that still use
// kafkajs directly (topic metadata, Process's group consumer) until they move onto
// @onceport/kafka, whose adapters translate errors themselves.

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
