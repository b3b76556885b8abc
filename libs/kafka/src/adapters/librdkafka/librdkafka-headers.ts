// Headers between Onceport's ordered list and the binding's array of one-key objects. Two
// quirks of the binding (1.10.1, src/producer.cc and src/common.cc), both checked by the
// headers test:
// - it copies a header value from a Buffer's data pointer, and a Buffer of length 0 usually
//   has none: librdkafka then writes a header *without* a value. So an empty value goes in as
//   "" (a string, always with a pointer), and a missing value as Buffer.alloc(0);
// - it builds each consumed header with an ordinary property set, so a header named
//   `__proto__` becomes the prototype of its object instead of a property of it; and it gives
//   an empty Buffer for a header without a value, so "no value" reads back as empty.
import type { RecordHeader, RecordHeaders } from "../../records.ts";
import type { Rdkafka } from "./librdkafka-module.ts";

/** One header as the binding takes it: an object of one own property, no prototype to collide with. */
function rdkafkaHeader(key: string, value: Buffer | null): Rdkafka.MessageHeader {
  const header = Object.create(null) as Rdkafka.MessageHeader;
  const wire = value === null ? Buffer.alloc(0) : value.length === 0 ? "" : value;
  Object.defineProperty(header, key, { value: wire, enumerable: true });
  return header;
}

export function toRdkafkaHeaders(headers: RecordHeaders): Rdkafka.MessageHeader[] | undefined {
  if (headers.length === 0) return undefined;
  return headers.map((header) => rdkafkaHeader(header.key, header.value));
}

function fromRdkafkaHeader(header: Rdkafka.MessageHeader): RecordHeader {
  const [key] = Object.keys(header);
  if (key === undefined) {
    const prototype: unknown = Object.getPrototypeOf(header);
    if (Buffer.isBuffer(prototype)) return { key: "__proto__", value: prototype };
    return { key: "", value: null };
  }
  const value: unknown = Object.getOwnPropertyDescriptor(header, key)?.value;
  return { key, value: Buffer.isBuffer(value) ? value : Buffer.from(String(value)) };
}

export function fromRdkafkaHeaders(headers: readonly Rdkafka.MessageHeader[] | undefined): RecordHeader[] {
  return headers === undefined ? [] : headers.map(fromRdkafkaHeader);
}
