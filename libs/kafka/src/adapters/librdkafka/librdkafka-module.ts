// The native addon, loaded once and only by this adapter (the factory imports the adapter
// lazily, so a process that never asks for librdkafka never loads it). Only its
// node-rdkafka-style API is used: the KafkaJS-compatible one commits and aborts with a fixed
// 5 s timeout and adds tens of milliseconds to a send (confluent-kafka-javascript #335).
import { createRequire } from "node:module";
import type * as Rdkafka from "@confluentinc/kafka-javascript";

export type { Rdkafka };

let loaded: typeof Rdkafka | undefined;

export function rdkafka(): typeof Rdkafka {
  loaded ??= createRequire(import.meta.url)("@confluentinc/kafka-javascript") as typeof Rdkafka;
  return loaded;
}
