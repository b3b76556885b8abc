// kafkajs 2.2.4 decodes a record's headers by spreading the whole object once per header
// (src/protocol/recordBatch/record/v0/decoder.js): quadratic, so one record with 10,000
// headers stalled every reader of it, and the event loop with it, for ~30 s. And it tests
// `obj[key] === undefined` on a plain object, so a header named `toString` or `constructor`
// reads as an array holding Object.prototype's function. This decoder reads the same fields
// in one pass into a null-prototype object, and keeps the headers' order under
// `orderedHeaders` for the adapter. It takes the place of kafkajs's module before kafkajs
// loads (kafkajs-patches.ts).
import type { RecordHeader } from "../../records.ts";

/** Where the decoder leaves a record's headers in their order on the wire. */
export const orderedHeaders: unique symbol = Symbol("onceport.orderedHeaders");

interface LongLike {
  toString(): string;
}

/** The part of kafkajs's Decoder a record needs. */
export interface RecordBytesDecoder {
  readInt8(): number;
  readVarInt(): number;
  readVarLong(): LongLike;
  readVarIntBytes(): Buffer | null;
  readVarIntString(): string | null;
}

interface BatchContext {
  readonly firstOffset: string | LongLike;
  readonly firstTimestamp: string | LongLike;
  readonly magicByte?: number;
  readonly isControlBatch?: boolean;
  readonly timestampType?: number;
  readonly maxTimestamp?: string | LongLike;
}

const logAppendTime = 1;

export function decodeRecord(decoder: RecordBytesDecoder, batchContext: BatchContext) {
  const {
    firstOffset,
    firstTimestamp,
    magicByte,
    isControlBatch = false,
    timestampType,
    maxTimestamp,
  } = batchContext;
  const attributes = decoder.readInt8();
  const timestampDelta = BigInt(decoder.readVarLong().toString());
  const timestamp =
    timestampType === logAppendTime && maxTimestamp
      ? String(maxTimestamp)
      : (BigInt(String(firstTimestamp)) + timestampDelta).toString();
  const offset = (BigInt(String(firstOffset)) + BigInt(decoder.readVarInt())).toString();
  const key = decoder.readVarIntBytes();
  const value = decoder.readVarIntBytes();
  const count = decoder.readVarInt();
  const headers: Record<string, Buffer | null | (Buffer | null)[]> = Object.create(null);
  const ordered: RecordHeader[] = [];
  for (let index = 0; index < count; index++) {
    const name = decoder.readVarIntString() ?? "";
    const headerValue = decoder.readVarIntBytes();
    ordered.push({ key: name, value: headerValue });
    const existing = headers[name];
    if (existing === undefined) headers[name] = headerValue;
    else if (Array.isArray(existing)) existing.push(headerValue);
    else headers[name] = [existing, headerValue];
  }
  return {
    magicByte,
    attributes,
    timestamp,
    offset,
    key,
    value,
    headers,
    [orderedHeaders]: ordered,
    isControlRecord: isControlBatch,
    batchContext,
  };
}
