import fc from "fast-check";

/** A record as any Kafka producer may leave it, past every bound the gateway puts on its own. */
export interface ExtremeRecord {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: readonly { readonly key: string; readonly value: Buffer }[];
}

/** What a record takes in a produce request, near enough to keep one transaction under Kafka's 1 MB. */
export function extremeRecordBytes(record: ExtremeRecord): number {
  let bytes = 64 + (record.key?.length ?? 0) + (record.value?.length ?? 0);
  for (const header of record.headers) bytes += Buffer.byteLength(header.key) + header.value.length + 8;
  return bytes;
}

/** Names that are JavaScript object properties, reserved by Onceport, empty, long, or not ASCII. */
const oddName = fc.constantFrom(
  "__proto__",
  "toString",
  "constructor",
  "valueOf",
  "hasOwnProperty",
  "onceport-message-id",
  "onceport-client-id",
  "traceparent",
  "",
  "0",
  "4294967296",
  "ключ",
  "🔑",
  "a".repeat(1_000),
);
const headerName = fc.oneof(
  { arbitrary: oddName, weight: 1 },
  { arbitrary: fc.string({ maxLength: 12 }), weight: 2 },
);

/** Bytes of `length`, one byte repeated (large buffers cheaply) or random (small ones). */
const bytesOf = (maxLength: number): fc.Arbitrary<Buffer> =>
  fc.oneof(
    fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
    fc
      .tuple(fc.integer({ min: 0, max: maxLength }), fc.integer({ min: 0, max: 255 }))
      .map(([length, fill]) => Buffer.alloc(length, fill)),
  );

/** Headers by the handful, one name many times, or thousands of distinct names. */
const headers: fc.Arbitrary<ExtremeRecord["headers"]> = fc.oneof(
  { arbitrary: fc.array(fc.record({ key: headerName, value: bytesOf(2_000) }), { maxLength: 8 }), weight: 4 },
  {
    arbitrary: fc
      .tuple(headerName, fc.integer({ min: 100, max: 5_000 }))
      .map(([key, count]) =>
        Array.from({ length: count }, (_, n) => ({ key, value: Buffer.from(String(n)) })),
      ),
    weight: 1,
  },
  {
    arbitrary: fc
      .integer({ min: 101, max: 10_000 })
      .map((count) =>
        Array.from({ length: count }, (_, n) => ({ key: `h${n}`, value: Buffer.from(`v${n}`) })),
      ),
    weight: 1,
  },
);

const nullable = (bytes: fc.Arbitrary<Buffer>): fc.Arbitrary<Buffer | null> =>
  fc.oneof({ arbitrary: fc.constant(null), weight: 1 }, { arbitrary: bytes, weight: 3 });

/**
 * One record with extreme parts: keys and values null, empty or up to 900 KB (the gateway's own
 * key bound is 16 KiB), up to 10,000 headers, odd header names. Kept under ~950 KB in all, as the
 * broker's default `message.max.bytes` (1 MB) is the one bound no writer gets past.
 */
export const extremeRecord: fc.Arbitrary<ExtremeRecord> = fc
  .record({ key: nullable(bytesOf(900_000)), value: nullable(bytesOf(900_000)), headers })
  .map((record) => {
    let room = 950_000 - extremeRecordBytes({ key: null, value: null, headers: record.headers });
    const clamp = (bytes: Buffer | null): Buffer | null => {
      const kept = bytes === null || bytes.length <= room ? bytes : bytes.subarray(0, Math.max(0, room));
      room -= kept?.length ?? 0;
      return kept;
    };
    const key = clamp(record.key);
    return { key, value: clamp(record.value), headers: record.headers };
  })
  // Headers alone can pass the bound (thousands of one 1,000-character name): no writer gets
  // such a record into Kafka, so it is not drawn.
  .filter((record) => extremeRecordBytes(record) <= 950_000);
