import type { MessageInitShape } from "@bufbuild/protobuf";
import type { Record as ApiRecord, RecordSchema } from "@onceport/api";

/** A record for a publish: a string value, optional partition and key. */
export function record(
  topic: string,
  value: string,
  options: { partition?: number; key?: string } = {},
): MessageInitShape<typeof RecordSchema> {
  return {
    topic,
    value: Buffer.from(value),
    ...(options.partition === undefined ? {} : { partition: options.partition }),
    ...(options.key === undefined ? {} : { key: Buffer.from(options.key) }),
  };
}

export type { ApiRecord };
