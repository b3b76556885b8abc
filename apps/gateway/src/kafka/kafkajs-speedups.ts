import { applyKafkajsPatches } from "@onceport/kafka";

/**
 * Imported first by the gateway's entry points, before any module that imports kafkajs: the
 * receipts reader, Subscribe and Process still use kafkajs directly, and kafkajs's modules
 * capture its encoder, grouping, checksum and record decoder when they load, so the kafkajs
 * adapter's patches (libs/kafka) must be in place before then.
 */
export const kafkajsSpeedupsApplied = applyKafkajsPatches().produceSpeedups;
