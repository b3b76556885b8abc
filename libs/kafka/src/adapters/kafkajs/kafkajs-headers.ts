// kafkajs holds headers as an object keyed by name (an array for a repeated name). Onceport's
// ordered list goes in as a null-prototype object, so `__proto__` or `toString` are plain
// names; repeated names keep their order among themselves (kafkajs writes a name's values
// together, so the order across different names is kafkajs's, not the caller's).
import type { IHeaders } from "kafkajs";
import { KafkaError } from "../../kafka-error.ts";
import type { RecordHeader, RecordHeaders } from "../../records.ts";
import { orderedHeaders } from "./record-decoder.ts";

export function toKafkajsHeaders(headers: RecordHeaders): IHeaders {
  const object: Record<string, Buffer | Buffer[]> = Object.create(null);
  for (const { key, value: bytes } of headers) {
    if (bytes === null) {
      // Kafka allows it, but kafkajs 2.2.4 cannot size one (Buffer.byteLength(null) throws).
      throw new KafkaError(
        "invalid-argument",
        `kafkajs cannot write header ${JSON.stringify(key.slice(0, 50))} without a value`,
      );
    }
    const existing = Object.hasOwn(object, key) ? object[key] : undefined;
    if (existing === undefined) object[key] = bytes;
    else if (Array.isArray(existing)) existing.push(bytes);
    else object[key] = [existing, bytes];
  }
  return object as IHeaders;
}

/** A consumed message's headers: in their order on the wire when record-decoder.ts decoded it. */
export function fromKafkajsMessage(message: {
  headers?: IHeaders;
  [orderedHeaders]?: RecordHeader[];
}): RecordHeader[] {
  return message[orderedHeaders] ?? fromKafkajsHeaders(message.headers);
}

function fromKafkajsHeaders(headers: IHeaders | undefined): RecordHeader[] {
  if (headers === undefined) return [];
  const list: RecordHeader[] = [];
  for (const key of Object.keys(headers)) {
    const value = headers[key];
    const values = Array.isArray(value) ? value : [value];
    for (const one of values) {
      list.push({
        key,
        value: one === undefined ? null : Buffer.isBuffer(one) ? one : Buffer.from(String(one)),
      });
    }
  }
  return list;
}
