import type { ConsumedRecord } from "@onceport/sdk";

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** The bytes as text when they are UTF-8, else undefined. */
function utf8(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** `name: text`, or `nameBase64: base64` for bytes that are not UTF-8 (so nothing is mangled). */
function bytesField(name: string, bytes: Uint8Array): Record<string, string> {
  const text = utf8(bytes);
  return text === undefined ? { [`${name}Base64`]: Buffer.from(bytes).toString("base64") } : { [name]: text };
}

/** A record as one JSON line's object: text where the bytes are UTF-8, base64 (`...Base64`) where not. */
export function recordJson(record: ConsumedRecord): Record<string, unknown> {
  const headers: Record<string, string> = {};
  const headersBase64: Record<string, string> = {};
  for (const { key, value } of record.headerList) {
    const text = utf8(value);
    if (text === undefined) headersBase64[key] = value.toString("base64");
    else headers[key] = text;
  }
  return {
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
    ...(record.key === null ? { key: null } : bytesField("key", record.key)),
    ...bytesField("value", record.value),
    headers,
    ...(Object.keys(headersBase64).length > 0 ? { headersBase64 } : {}),
    timestampMs: record.timestampMs,
  };
}

/** A record as one line of text: `topic/partition@offset [key] value` (not UTF-8: `base64:...`). */
export function recordText(record: ConsumedRecord): string {
  const show = (bytes: Uint8Array) => utf8(bytes) ?? `base64:${Buffer.from(bytes).toString("base64")}`;
  const key = record.key === null ? "" : ` [${show(record.key)}]`;
  return `${record.topic}/${record.partition}@${record.offset}${key} ${show(record.value)}`;
}
