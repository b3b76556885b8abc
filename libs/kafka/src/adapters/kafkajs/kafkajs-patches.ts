// What kafkajs 2.2.4 needs to read correctly and write fast, applied by the adapter before it
// loads kafkajs: some patched modules are captured by kafkajs's other modules when they load.
// Nothing outside this adapter may load kafkajs, so nothing loads it before these.
import { createRequire } from "node:module";
import { silenceKafkajsNegativeTimeoutWarning } from "./negative-timeout-warning.ts";
import { speedUpKafkajsProduce } from "./produce-speedups.ts";
import { fixKafkajsReadCommitted } from "./read-committed.ts";
import { decodeRecord } from "./record-decoder.ts";

const require = createRequire(import.meta.url);
const supportedVersion = "2.2.4";

export interface KafkajsPatches {
  /** Pooled encoder, linear grouping, native CRC32C (produce-speedups.ts). */
  readonly produceSpeedups: boolean;
  /** Linear, prototype-safe header decoding (record-decoder.ts). */
  readonly recordDecoder: boolean;
}

let applied: KafkajsPatches | undefined;

/** Applies every patch once; says which could be applied (none when kafkajs had loaded already). */
export function patchKafkajs(): KafkajsPatches {
  if (applied) return applied;
  const { version } = require("kafkajs/package.json") as { version: string };
  if (version !== supportedVersion) {
    throw new Error(
      `the kafkajs adapter's patches are written for kafkajs ${supportedVersion}, not ${version}`,
    );
  }
  silenceKafkajsNegativeTimeoutWarning();
  const recordDecoder = swapRecordDecoder();
  const produceSpeedups = speedUpKafkajsProduce();
  // A prototype patch: in force whenever kafkajs loaded.
  fixKafkajsReadCommitted();
  applied = { produceSpeedups, recordDecoder };
  return applied;
}

function swapRecordDecoder(): boolean {
  const path = require.resolve("kafkajs/src/protocol/recordBatch/record/v0/decoder.js");
  const batchDecoderPath = require.resolve("kafkajs/src/protocol/recordBatch/v0/decoder.js");
  if (require.cache[batchDecoderPath] !== undefined) return false;
  require(path);
  const module = require.cache[path];
  if (module === undefined) return false;
  module.exports = decodeRecord;
  return true;
}
