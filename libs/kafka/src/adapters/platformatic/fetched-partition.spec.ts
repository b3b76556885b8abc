import type { fetchV17, KafkaRecord, RecordsBatch } from "@platformatic/kafka";
import { describe, expect, it } from "vitest";
import { readFetchedPartition } from "./fetched-partition.ts";

const TRANSACTIONAL = 0x10;
const CONTROL = 0x20;

function record(offsetDelta: number, value: string): KafkaRecord {
  return {
    length: 0,
    attributes: 0,
    timestampDelta: BigInt(offsetDelta),
    offsetDelta,
    key: null,
    value: Buffer.from(value),
    headers: [],
  };
}

function data(producerId: bigint, firstOffset: bigint, values: string[], transactional = true): RecordsBatch {
  return {
    firstOffset,
    length: 0,
    partitionLeaderEpoch: 0,
    magic: 2,
    crc: 0,
    attributes: transactional ? TRANSACTIONAL : 0,
    lastOffsetDelta: values.length - 1,
    firstTimestamp: 1000n,
    maxTimestamp: 1000n + BigInt(values.length - 1),
    producerId,
    producerEpoch: 0,
    firstSequence: 0,
    records: values.map((value, index) => record(index, value)),
  };
}

/** A transaction marker: its record's key is version 0 and type 0 (abort) or 1 (commit). */
function marker(producerId: bigint, offset: bigint, type: "abort" | "commit"): RecordsBatch {
  const key = Buffer.alloc(4);
  key.writeInt16BE(type === "abort" ? 0 : 1, 2);
  return {
    ...data(producerId, offset, ["marker"]),
    attributes: TRANSACTIONAL | CONTROL,
    records: [{ ...record(0, ""), key, value: Buffer.alloc(6) }],
  };
}

function partition(
  records: RecordsBatch[],
  aborted: { producerId: bigint; firstOffset: bigint }[] = [],
): fetchV17.FetchResponsePartition {
  return {
    partitionIndex: 0,
    errorCode: 0,
    highWatermark: 100n,
    lastStableOffset: 100n,
    logStartOffset: 0n,
    abortedTransactions: aborted,
    preferredReadReplica: -1,
    records,
  };
}

function read(
  fetched: fetchV17.FetchResponsePartition,
  position = 0n,
  isolation = "read_committed" as const,
) {
  const result = readFetchedPartition("t", 0, fetched, position, isolation);
  return { values: result.records.map((r) => r.value?.toString()), nextOffset: result.nextOffset };
}

describe("readFetchedPartition", () => {
  it("hides two aborted transactions of one producer in one response (the client's Map kept only the last)", () => {
    const fetched = partition(
      [
        data(7n, 0n, ["x1", "x2"]),
        marker(7n, 2n, "abort"),
        data(7n, 3n, ["y1"]),
        marker(7n, 4n, "commit"),
        data(7n, 5n, ["z1", "z2", "z3"]),
        marker(7n, 8n, "abort"),
        data(7n, 9n, ["w1"]),
        marker(7n, 10n, "commit"),
      ],
      [
        { producerId: 7n, firstOffset: 5n },
        { producerId: 7n, firstOffset: 0n },
      ],
    );
    expect(read(fetched)).toEqual({ values: ["y1", "w1"], nextOffset: 11n });
  });

  it("hides an aborted transaction whose marker is beyond this response", () => {
    const fetched = partition(
      [data(3n, 0n, ["before"]), marker(3n, 1n, "commit"), data(3n, 2n, ["aborted-0", "aborted-1"])],
      [{ producerId: 3n, firstOffset: 2n }],
    );
    expect(read(fetched)).toEqual({ values: ["before"], nextOffset: 4n });
    // The next fetch starts inside the transaction; the broker names it again.
    const rest = partition(
      [data(3n, 4n, ["aborted-2"]), marker(3n, 5n, "abort"), data(3n, 6n, ["after"])],
      [{ producerId: 3n, firstOffset: 2n }],
    );
    expect(read(rest, 4n)).toEqual({ values: ["after"], nextOffset: 7n });
  });

  it("hides transactions aborted out of order, and delivers a commit inside an abort's range", () => {
    const outOfOrder = partition(
      [
        data(1n, 0n, ["a1"]),
        data(2n, 1n, ["b1"]),
        data(1n, 2n, ["a2"]),
        marker(2n, 3n, "abort"),
        marker(1n, 4n, "abort"),
        data(2n, 5n, ["b2"]),
        marker(2n, 6n, "commit"),
      ],
      [
        { producerId: 1n, firstOffset: 0n },
        { producerId: 2n, firstOffset: 1n },
      ],
    );
    expect(read(outOfOrder)).toEqual({ values: ["b2"], nextOffset: 7n });
    const commitInside = partition(
      [
        data(1n, 0n, ["a1"]),
        data(2n, 1n, ["b1"]),
        marker(2n, 2n, "commit"),
        data(1n, 3n, ["a2"]),
        marker(1n, 4n, "abort"),
        data(2n, 5n, ["b2"]),
        marker(2n, 6n, "commit"),
      ],
      [{ producerId: 1n, firstOffset: 0n }],
    );
    expect(read(commitInside)).toEqual({ values: ["b1", "b2"], nextOffset: 7n });
  });

  it("delivers aborted records read_uncommitted, never markers", () => {
    const fetched = partition(
      [data(7n, 0n, ["x1"]), marker(7n, 1n, "abort"), data(9n, 2n, ["plain"], false)],
      [{ producerId: 7n, firstOffset: 0n }],
    );
    expect(read(fetched, 0n, "read_uncommitted" as "read_committed")).toEqual({
      values: ["x1", "plain"],
      nextOffset: 3n,
    });
  });

  it("starts at the position inside a batch, and moves past a response of markers only", () => {
    expect(read(partition([data(4n, 10n, ["r10", "r11", "r12"], false)]), 11n)).toEqual({
      values: ["r11", "r12"],
      nextOffset: 13n,
    });
    expect(read(partition([marker(4n, 20n, "commit")]), 20n)).toEqual({ values: [], nextOffset: 21n });
    expect(read(partition([]), 30n)).toEqual({ values: [], nextOffset: 30n });
  });

  it("gives each record its offset, timestamp, key and headers in order", () => {
    const batch = data(4n, 10n, ["v0", "v1"], false);
    const first = batch.records[0];
    if (first === undefined) throw new Error("no record");
    batch.records[0] = {
      ...first,
      key: Buffer.from("k"),
      headers: [
        [Buffer.from("__proto__"), Buffer.from("a")],
        [Buffer.from("__proto__"), null],
      ],
    };
    const [r0, r1] = readFetchedPartition("t", 0, partition([batch]), 10n, "read_committed").records;
    expect(r0).toMatchObject({
      topic: "t",
      partition: 0,
      offset: 10n,
      timestamp: 1000,
      key: Buffer.from("k"),
    });
    expect(r0?.headers).toEqual([
      { key: "__proto__", value: Buffer.from("a") },
      { key: "__proto__", value: null },
    ]);
    expect(r1).toMatchObject({ offset: 11n, timestamp: 1001, key: null });
    // Log append time: the broker's time stands for every record.
    const appended = { ...data(4n, 0n, ["a", "b"], false), attributes: 0x08, maxTimestamp: 5000n };
    expect(
      readFetchedPartition("t", 0, partition([appended]), 0n, "read_committed").records.map(
        (r) => r.timestamp,
      ),
    ).toEqual([5000, 5000]);
  });
});
