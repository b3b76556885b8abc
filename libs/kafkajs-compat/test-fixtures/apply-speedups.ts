import { speedUpKafkajsProduce } from "../src/produce-speedups.ts";

/** Imported before kafkajs, as the gateway imports its kafkajs-speedups.ts. */
export const applied = process.env.SPEEDUPS === "on" ? speedUpKafkajsProduce() : false;
