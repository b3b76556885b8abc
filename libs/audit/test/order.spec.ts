import { describe, expect, it } from "vitest";
import {
  acknowledged,
  audit,
  found,
  newTopic,
  record,
  writeCommitted,
  writeLedger,
} from "./support/plant.ts";

describe("per-client order", () => {
  it("finds a sequence going backwards within a partition", async () => {
    const topic = await newTopic("audit-order", 2);
    // Client c1 wrote 0, 1, 2, 3 in that order, but the log holds 0, 1, 3, 2.
    const offsets = await writeCommitted(
      topic,
      ["s0", "s1", "s3", "s2"].map((id) => record(id, 0, "c1")),
    );
    // Another client in another partition, in order: no anomaly of its own.
    const other = await writeCommitted(
      topic,
      ["t0", "t1"].map((id) => record(id, 1, "c2")),
    );
    const ledger = await writeLedger([
      acknowledged(topic, "s0", 0, offsets[0] ?? 0, 0, "c1"),
      acknowledged(topic, "s1", 0, offsets[1] ?? 0, 1, "c1"),
      acknowledged(topic, "s3", 0, offsets[2] ?? 0, 3, "c1"),
      acknowledged(topic, "s2", 0, offsets[3] ?? 0, 2, "c1"),
      acknowledged(topic, "t0", 1, other[0] ?? 0, 0, "c2"),
      acknowledged(topic, "t1", 1, other[1] ?? 0, 1, "c2"),
    ]);
    const report = await audit([topic], { ledger });
    expect(found(report)).toEqual({ order: { backwards: 1 } });
    expect(report.checks.order.examples[0]).toMatchObject({
      messageId: "s2",
      clientId: "c1",
      partition: 0,
      offsets: ["2", "3"],
    });
  });

  it("finds a skip over sequence numbers the ledger never heard of", async () => {
    const topic = await newTopic("audit-skip");
    const offsets = await writeCommitted(
      topic,
      ["s0", "s1", "s4"].map((id) => record(id, 0, "c1")),
    );
    const ledger = await writeLedger([
      acknowledged(topic, "s0", 0, offsets[0] ?? 0, 0, "c1"),
      acknowledged(topic, "s1", 0, offsets[1] ?? 0, 1, "c1"),
      acknowledged(topic, "s4", 0, offsets[2] ?? 0, 4, "c1"),
    ]);
    const report = await audit([topic], { ledger });
    expect(found(report)).toEqual({ order: { skip: 1 } });
    expect(report.checks.order.examples[0]?.detail).toContain("from 1 to 4");
  });
});
