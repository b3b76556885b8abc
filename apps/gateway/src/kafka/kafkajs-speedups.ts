import { speedUpKafkajsProduce } from "@onceport/kafkajs-compat";

/**
 * Imported first by the gateway's entry points, before any module that imports kafkajs:
 * kafkajs's modules capture its encoder, grouping and checksum when they load, so the faster ones
 * (libs/kafkajs-compat, produce-speedups.ts) must be in place before then.
 */
export const kafkajsSpeedupsApplied = speedUpKafkajsProduce();
