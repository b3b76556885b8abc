import type { MessageInitShape } from "@bufbuild/protobuf";
import type { RecordSchema } from "@onceport/api";

/** A record for a publish: a string value, optional partition, key and headers. */
export function record(
  topic: string,
  value: string,
  options: { partition?: number; key?: string; headers?: Record<string, string> } = {},
): MessageInitShape<typeof RecordSchema> {
  return {
    topic,
    value: Buffer.from(value),
    ...(options.partition === undefined ? {} : { partition: options.partition }),
    ...(options.key === undefined ? {} : { key: Buffer.from(options.key) }),
    headers: Object.entries(options.headers ?? {}).map(([key, headerValue]) => ({
      key,
      value: Buffer.from(headerValue),
    })),
  };
}
