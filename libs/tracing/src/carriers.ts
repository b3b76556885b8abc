import type { TextMapGetter, TextMapSetter } from "@opentelemetry/api";

/** The part of grpc-js's Metadata that trace propagation needs. */
export interface MetadataLike {
  get(key: string): unknown[];
  set(key: string, value: string): void;
  getMap(): Record<string, unknown>;
}

/**
 * Kafka record headers as Onceport holds them: an ordered list of name/value pairs, so a name
 * may repeat and no name (`__proto__`, `toString`) collides with anything, as it would as the
 * key of an object.
 */
export type HeadersLike = { key: string; value: Buffer | string | null }[];

export const metadataGetter: TextMapGetter<MetadataLike> = {
  keys: (carrier) => Object.keys(carrier.getMap()),
  get: (carrier, key) => {
    const [value] = carrier.get(key);
    return typeof value === "string" ? value : undefined;
  },
};

export const metadataSetter: TextMapSetter<MetadataLike> = {
  set: (carrier, key, value) => carrier.set(key, value),
};

export const headersGetter: TextMapGetter<HeadersLike> = {
  keys: (carrier) => [...new Set(carrier.map((header) => header.key))],
  get: (carrier, key) => {
    const value = carrier.find((header) => header.key === key)?.value;
    return value === undefined || value === null ? undefined : value.toString();
  },
};

/**
 * Sets a header, as bytes (what a Kafka client sends): a caller's own header of that name
 * gives way, so the record carries one.
 */
export const headersSetter: TextMapSetter<HeadersLike> = {
  set: (carrier, key, value) => {
    for (let index = carrier.length - 1; index >= 0; index--) {
      if (carrier[index]?.key === key) carrier.splice(index, 1);
    }
    carrier.push({ key, value: Buffer.from(value) });
  },
};
