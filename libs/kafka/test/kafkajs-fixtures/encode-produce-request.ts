// Run as a process of its own by produce-speedups.spec.ts: encodes one transactional
// Produce request (v7) of records with keys, values and headers, some large enough to grow
// the encoder's buffers, with fixed timestamps, and prints it as hex; with the speedups
// applied when SPEEDUPS=on. Both runs must print the same bytes.
//
// Imported in the order the gateway imports them: the speedups first, then kafkajs, which
// an ES module links (and puts in Node's module cache) before either runs.
import "./apply-speedups.ts";
import "kafkajs";
import { createRequire } from "node:module";
import { applied } from "./apply-speedups.ts";

const require = createRequire(import.meta.url);
const produce = require("kafkajs/src/protocol/requests/produce/v7/request.js") as (request: object) => {
  encode(): Promise<{ buffer: Buffer }>;
};

const messages = Array.from({ length: 300 }, (_, index) => ({
  key: index % 3 === 0 ? null : Buffer.from(`key-${index}`),
  value: Buffer.alloc(index * 7, index % 251),
  headers: { "onceport-message-id": `k/${index}`, multi: [Buffer.from("a"), Buffer.from("bb")] },
  timestamp: 1_700_000_000_000 + index,
}));
const request = await produce({
  transactionalId: "speedups",
  acks: -1,
  timeout: 30_000,
  producerId: 42,
  producerEpoch: 3,
  topicData: [{ topic: "t", partitions: [{ partition: 2, firstSequence: 17, messages }] }],
}).encode();
process.stdout.write(
  JSON.stringify({
    applied,
    encoder: (require("kafkajs/src/protocol/encoder.js") as { name: string }).name,
    request: request.buffer.toString("hex"),
  }),
);
