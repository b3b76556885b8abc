// kafkajs 2.2.4 spends a producer's CPU on three kinds of waste that profiles of the gateway
// show at the top (docs/benchmarks.md, "Where the gateway's time goes"):
//
// - Its Encoder (src/protocol/encoder.js) starts every buffer with `Buffer.alloc(512)`, a
//   fresh zero-filled ArrayBuffer, and grows it the same way; a record costs three encoders
//   (the record and each header), so every record allocates three ArrayBuffers.
//   `Buffer.allocUnsafe` takes small buffers from Node's shared pool instead. The encoder
//   only ever reads back what it wrote (`buffer` is the written prefix), so the bytes on the
//   wire are the same.
// - Its groupMessagesPerPartition (src/producer/groupMessagesPerPartition.js) copies a
//   partition's whole list for every message it adds (`[...current, message]`): quadratic in
//   the records of a send. Grouping with `push` gives the same groups in linear time.
// - Its CRC32C of every record batch runs in JavaScript, a byte at a time (about 2.5 µs for
//   a 1 KiB record here); @node-rs/crc32 computes the same checksum natively (about 0.2 µs).
//
// All three modules are captured by kafkajs's other modules when they load, so they are swapped
// in Node's module cache before kafkajs loads: call this before anything imports kafkajs
// (the gateway imports `kafkajs-speedups.ts` first). Applied later, it changes nothing and
// says so.
import { createRequire } from "node:module";
import { crc32c } from "@node-rs/crc32";

const require = createRequire(import.meta.url);

interface EncoderClass {
  new (initialSize?: number): EncoderInstance;
  nextPowerOfTwo(value: number): number;
}

interface EncoderInstance {
  buf: Buffer;
  offset: number;
}

interface GroupingInput<Message> {
  readonly topic: string;
  readonly partitionMetadata: readonly unknown[];
  readonly messages: readonly Message[];
  readonly partitioner: (args: {
    topic: string;
    partitionMetadata: readonly unknown[];
    message: Message;
  }) => number;
}

let applied = false;

/**
 * Swaps in the pooled encoder, the linear grouping and the native checksum. True when they are in place (now or
 * by an earlier call); false when kafkajs had loaded already, so they could not be.
 */
export function speedUpKafkajsProduce(): boolean {
  if (applied) return true;
  const encoderPath = require.resolve("kafkajs/src/protocol/encoder.js");
  const groupingPath = require.resolve("kafkajs/src/producer/groupMessagesPerPartition.js");
  const crcPath = require.resolve("kafkajs/src/protocol/recordBatch/crc32C/index.js");
  // Not kafkajs's main module: an ESM import puts it in the cache when it links, before it
  // runs. Once it ran, these are in the cache too, held by the modules that use them.
  if (loaded(encoderPath) || loaded(groupingPath) || loaded(crcPath)) return false;

  const Encoder = require(encoderPath) as EncoderClass;
  require(groupingPath);
  require(crcPath);
  const encoderModule = loaded(encoderPath);
  const groupingModule = loaded(groupingPath);
  const crcModule = loaded(crcPath);
  if (!encoderModule || !groupingModule || !crcModule) return false;
  encoderModule.exports = pooledEncoder(Encoder);
  groupingModule.exports = groupMessagesPerPartition;
  crcModule.exports = recordBatchChecksum;
  applied = true;
  return true;
}

/** The CRC32C of a record batch, as kafkajs's crc32C module gives it: an unsigned 32-bit number. */
export function recordBatchChecksum(bytes: Buffer): number {
  return crc32c(bytes);
}

function loaded(path: string): NodeJS.Module | undefined {
  return require.cache[path];
}

/** kafkajs's Encoder with buffers from Node's pool: same methods, same bytes written. */
export function pooledEncoder(Encoder: EncoderClass): EncoderClass {
  class PooledEncoder extends Encoder {
    constructor(initialSize = 511) {
      // The base constructor's allocation of 1 byte is all it costs: V8 keeps it on the heap.
      super(0);
      this.buf = Buffer.allocUnsafe(Encoder.nextPowerOfTwo(initialSize));
    }

    ensureAvailable(length: number): void {
      if (this.offset + length <= this.buf.length) return;
      const grown = Buffer.allocUnsafe(Encoder.nextPowerOfTwo(this.offset + length));
      this.buf.copy(grown, 0, 0, this.offset);
      this.buf = grown;
    }
  }
  return PooledEncoder;
}

/** A send's messages by the partition kafkajs's partitioner gives each, in their order. */
export function groupMessagesPerPartition<Message>({
  topic,
  partitionMetadata,
  messages,
  partitioner,
}: GroupingInput<Message>): Record<number, Message[]> {
  const groups: Record<number, Message[]> = {};
  if (partitionMetadata.length === 0) return groups;
  for (const message of messages) {
    const partition = partitioner({ topic, partitionMetadata, message });
    let group = groups[partition];
    if (!group) {
      group = [];
      groups[partition] = group;
    }
    group.push(message);
  }
  return groups;
}
