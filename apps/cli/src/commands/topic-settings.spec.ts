import type { TopicDescription } from "@onceport/kafka";
import { describe, expect, it } from "vitest";
import { settingsDiffer } from "./topic-settings.ts";

/** A topic whose partitions have these many replicas each. */
const topic = (...replicas: number[]): TopicDescription => ({
  topic: "t",
  partitions: replicas.map((count, partition) => ({
    partition,
    leader: 1,
    replicas: Array.from({ length: count }, (_, i) => i + 1),
    isr: [],
  })),
});
const none = { partitions: undefined, replicationFactor: undefined };

describe("an existing topic against the settings asked for", () => {
  it("differs only in the settings given", () => {
    expect(settingsDiffer(topic(3, 3, 3), none)).toEqual([]);
    expect(settingsDiffer(topic(3, 3, 3), { partitions: 3, replicationFactor: 3 })).toEqual([]);
    expect(settingsDiffer(topic(3, 3, 3), { partitions: 6, replicationFactor: 1 })).toEqual([
      "3 partitions, not 6",
      "replication factor 3, not 1",
    ]);
    // Partitions added later with another replication factor: not the one asked for either.
    expect(settingsDiffer(topic(3, 1), { ...none, replicationFactor: 3 })).toEqual([
      "replication factor 3/1, not 3",
    ]);
  });
});
