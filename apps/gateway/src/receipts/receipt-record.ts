import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { type Receipt, type ReceiptEntry, ReceiptSchema } from "@onceport/api";
import type { Message } from "kafkajs";

/**
 * The header naming the gateway process that wrote a receipt and the receipt's number
 * there: that process reads its own receipts back without decoding them (ReceiptBook).
 */
export const receiptIdHeader = "onceport-receipt-id";

/**
 * The Kafka record of a receipt. Keyed by client id, so all of a client's
 * receipts share one partition and are read in the order they committed.
 */
export function receiptMessage(
  clientId: string,
  content: { entries: ReceiptEntry[] } | { sessionMarker: string },
  receiptId?: string,
): Message {
  const receipt = create(ReceiptSchema, { clientId, committedAtMs: BigInt(Date.now()), ...content });
  const bytes = toBinary(ReceiptSchema, receipt);
  const value = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return receiptId === undefined
    ? { key: clientId, value }
    : { key: clientId, value, headers: { [receiptIdHeader]: receiptId } };
}

/** The receipt id a receipt record carries, if any. */
export function receiptIdOf(headers: Message["headers"]): string | undefined {
  const id = headers?.[receiptIdHeader];
  return id === undefined ? undefined : id.toString();
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
