import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { type Receipt, type ReceiptEntry, ReceiptSchema } from "@onceport/api";
import type { Message } from "kafkajs";

/**
 * The Kafka record of a receipt. Keyed by client id, so all of a client's
 * receipts share one partition and are read in the order they committed.
 */
export function receiptMessage(
  clientId: string,
  content: { entries: ReceiptEntry[] } | { sessionMarker: string },
): Message {
  const receipt = create(ReceiptSchema, { clientId, committedAtMs: BigInt(Date.now()), ...content });
  return { key: clientId, value: Buffer.from(toBinary(ReceiptSchema, receipt)) };
}

/** The receipt in a record's value, or undefined when it holds none (not ours). */
export function parseReceipt(value: Buffer | null): Receipt | undefined {
  if (value === null) return undefined;
  try {
    return fromBinary(ReceiptSchema, value);
  } catch {
    return undefined;
  }
}
