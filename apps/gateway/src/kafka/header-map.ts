// The gateway plans a record's headers as a map by name (a repeated name holds an array), the
// shape tracing's propagators write into; the Kafka layer takes an ordered list.
import type { RecordHeader } from "@onceport/kafka";

export type HeaderValue = Buffer | string;

export type HeaderMap = { [name: string]: HeaderValue | HeaderValue[] | undefined };

/** The headers as the Kafka layer sends them: each name's values in order, names in map order. */
export function toRecordHeaders(map: HeaderMap): RecordHeader[] {
  const headers: RecordHeader[] = [];
  for (const key of Object.keys(map)) {
    const value = map[key];
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) {
      headers.push({ key, value: typeof one === "string" ? Buffer.from(one) : one });
    }
  }
  return headers;
}

/**
 * What the map's headers add to a record in a Kafka batch, as recordBytesInBatch counts a
 * header (two length varints, the name, the value), without building the list: planning
 * asks it of every record.
 */
export function headerMapBatchBytes(map: HeaderMap): number {
  let bytes = 0;
  for (const key of Object.keys(map)) {
    const value = map[key];
    if (value === undefined) continue;
    const nameBytes = Buffer.byteLength(key);
    for (const one of Array.isArray(value) ? value : [value]) {
      bytes += 10 + nameBytes + (typeof one === "string" ? Buffer.byteLength(one) : one.length);
    }
  }
  return bytes;
}
