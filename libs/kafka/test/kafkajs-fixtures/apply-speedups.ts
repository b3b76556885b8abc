import { speedUpKafkajsProduce } from "../../src/adapters/kafkajs/produce-speedups.ts";

/** Imported before kafkajs, as the gateway imports its kafkajs-speedups.ts. */
export const applied = process.env.SPEEDUPS === "on" ? speedUpKafkajsProduce() : false;
