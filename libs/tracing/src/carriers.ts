import type { TextMapGetter, TextMapSetter } from "@opentelemetry/api";

/** The part of grpc-js's Metadata that trace propagation needs. */
export interface MetadataLike {
  get(key: string): unknown[];
  set(key: string, value: string): void;
  getMap(): Record<string, unknown>;
}

/** Kafka record headers as kafkajs has them. */
export type HeadersLike = Record<string, Buffer | string | (Buffer | string)[] | undefined>;

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
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    const value = carrier[key];
    const first = Array.isArray(value) ? value[0] : value;
    return first === undefined ? undefined : first.toString();
  },
};

export const headersSetter: TextMapSetter<HeadersLike> = {
  set: (carrier, key, value) => {
    carrier[key] = value;
  },
};
