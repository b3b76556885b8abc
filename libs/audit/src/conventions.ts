// What the audit relies on in the data. The gateway writes the first two headers on every
// record; the Process feature (consume-transform-produce) also writes the third.

/** Unique per record: given by the caller, or `<idempotency key>/<index>` derived by the gateway. */
export const messageIdHeader = "onceport-message-id";
/** The client (session owner) whose transaction wrote the record. */
export const clientIdHeader = "onceport-client-id";
/** On outputs of consume-transform-produce: `<input topic>/<input partition>/<input offset>`. */
export const inputHeader = "onceport-input";

/** Where a consume-transform-produce output came from, and its place in that input's output set. */
export interface ProcessOutputId {
  readonly group: string;
  readonly inputTopic: string;
  readonly inputPartition: number;
  readonly inputOffset: number;
  readonly outputIndex: number;
}

const decimal = /^(0|[1-9][0-9]*)$/;

/**
 * Parses `<input topic>/<input partition>/<input offset>` (the `onceport-input` header).
 * Topic names cannot contain "/" (Kafka allows [a-zA-Z0-9._-]), so splitting is unambiguous.
 */
export function parseInputHeader(value: string): { topic: string; partition: number; offset: number } | null {
  const parts = value.split("/");
  if (parts.length !== 3) return null;
  const [topic, partition, offset] = parts as [string, string, string];
  if (topic === "" || !decimal.test(partition) || !decimal.test(offset)) return null;
  return { topic, partition: Number(partition), offset: Number(offset) };
}

/**
 * Parses a Process output's message id, `<group>/<input topic>/<input partition>/<input offset>/<output index>`.
 * The group may itself contain "/", so the four last parts are taken from the end.
 */
export function parseProcessOutputId(messageId: string): ProcessOutputId | null {
  const parts = messageId.split("/");
  if (parts.length < 5) return null;
  const [inputTopic, partition, offset, index] = parts.slice(-4) as [string, string, string, string];
  const group = parts.slice(0, -4).join("/");
  if (group === "" || inputTopic === "") return null;
  if (!decimal.test(partition) || !decimal.test(offset) || !decimal.test(index)) return null;
  return {
    group,
    inputTopic,
    inputPartition: Number(partition),
    inputOffset: Number(offset),
    outputIndex: Number(index),
  };
}
