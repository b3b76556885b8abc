import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { groupMessagesPerPartition, pooledEncoder, recordBatchChecksum } from "./produce-speedups.ts";

const require = createRequire(import.meta.url);
// This test process never applies the speedups: these are kafkajs's own modules.
const Encoder = require("kafkajs/src/protocol/encoder.js");
const kafkajsGrouping = require("kafkajs/src/producer/groupMessagesPerPartition.js");
const kafkajsChecksum = require("kafkajs/src/protocol/recordBatch/crc32C/index.js");
const fixture = join(import.meta.dirname, "../../../test/kafkajs-fixtures/encode-produce-request.ts");

interface Encoded {
  readonly applied: boolean;
  readonly encoder: string;
  readonly request: string;
}

async function encodeInProcess(speedups: "on" | "off", preloadKafkajs = false): Promise<Encoded> {
  const args = preloadKafkajs ? ["--require", "kafkajs", fixture] : [fixture];
  const { stdout } = await promisify(execFile)(process.execPath, args, {
    env: { ...process.env, SPEEDUPS: speedups },
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout) as Encoded;
}

describe("the pooled encoder", () => {
  it("writes what kafkajs's encoder writes, growing past its first buffer", () => {
    const Pooled = pooledEncoder(Encoder);
    const write = (encoder: InstanceType<typeof Encoder>) =>
      encoder
        .writeInt8(-3)
        .writeInt16(513)
        .writeInt32(-70_000)
        .writeInt64("9007199254740993")
        .writeVarInt(-1)
        .writeVarLong(123_456_789)
        .writeString("a string")
        .writeVarIntBytes(Buffer.alloc(3000, 7))
        .writeBytes("text as bytes")
        .writeVarIntString(null).buffer;
    const pooled = new Pooled();
    expect(pooled).toBeInstanceOf(Encoder);
    expect(write(pooled)).toEqual(write(new Encoder()));
  });

  it("encodes a whole Produce request to the same bytes once applied, in a process of its own", async () => {
    const [fast, stock] = await Promise.all([encodeInProcess("on"), encodeInProcess("off")]);
    expect(fast).toMatchObject({ applied: true, encoder: "PooledEncoder" });
    expect(stock).toMatchObject({ applied: false, encoder: "Encoder" });
    expect(fast.request.length).toBeGreaterThan(100_000);
    expect(fast.request).toBe(stock.request);
  });

  it("is not applied, and says so, when kafkajs loaded first", async () => {
    const late = await encodeInProcess("on", true);
    expect(late).toMatchObject({ applied: false, encoder: "Encoder" });
  });
});

describe("the linear grouping", () => {
  it("groups as kafkajs does: by partition, in message order", () => {
    const messages = Array.from({ length: 50 }, (_, index) => ({
      value: `m${index}`,
      partition: (index * 7) % 5,
    }));
    const input = {
      topic: "t",
      partitionMetadata: [0, 1, 2, 3, 4].map((partitionId) => ({ partitionId })),
      messages,
      partitioner: ({ message }: { message: { partition: number } }) => message.partition,
    };
    const grouped = groupMessagesPerPartition(input);
    expect(grouped).toEqual(kafkajsGrouping(input));
    expect(Object.keys(grouped)).toEqual(Object.keys(kafkajsGrouping(input)));
    expect(grouped[2]?.map((message) => message.value).slice(0, 3)).toEqual(["m1", "m6", "m11"]);
  });

  it("groups nothing for a topic without partition metadata, as kafkajs does", () => {
    const input = { topic: "t", partitionMetadata: [], messages: [{ value: "m" }], partitioner: () => 0 };
    expect(groupMessagesPerPartition(input)).toEqual(kafkajsGrouping(input));
  });
});

describe("the native checksum", () => {
  it("is CRC32C, as kafkajs computes it, for every length and high bit", () => {
    expect(recordBatchChecksum(Buffer.from("123456789"))).toBe(0xe3069283);
    for (const length of [0, 1, 7, 64, 1000, 5000]) {
      const bytes = Buffer.from(Array.from({ length }, (_, index) => (index * 131 + length) % 256));
      expect(recordBatchChecksum(bytes)).toBe(kafkajsChecksum(bytes));
    }
  });
});
