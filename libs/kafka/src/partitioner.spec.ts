import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { murmur2, partitionForKey } from "./partitioner.ts";

const require = createRequire(import.meta.url);
/** kafkajs's murmur2 (Kafka's algorithm), as the oracle for keys up to a few KiB. */
const kafkajsMurmur2 = require("kafkajs/src/producer/partitioners/default/murmur2.js") as (
  key: Buffer,
) => number;

describe("murmur2", () => {
  it("gives Kafka's hash for keys of every length remainder", () => {
    for (let length = 0; length < 64; length++) {
      for (let round = 0; round < 20; round++) {
        const key = randomBytes(length);
        expect(murmur2(key)).toBe(kafkajsMurmur2(key));
      }
    }
  });

  it("matches Kafka's published value for a known key", () => {
    // Kafka's UtilsTest.testMurmur2: "21" hashes to -973932308.
    expect(murmur2(Buffer.from("21"))).toBe(-973932308);
  });

  it("places a key in range, the same way every time", () => {
    const key = Buffer.from("orders-client-7");
    const partition = partitionForKey(key, 12);
    expect(partition).toBeGreaterThanOrEqual(0);
    expect(partition).toBeLessThan(12);
    expect(partitionForKey(Buffer.from("orders-client-7"), 12)).toBe(partition);
    expect(partitionForKey(randomBytes(900_000), 7)).toBeLessThan(7);
  });
});
