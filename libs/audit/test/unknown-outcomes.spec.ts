import { describe, expect, it } from "vitest";
import { audit, found, newTopic, record, writeCommitted, writeLedger } from "./support/plant.ts";

describe("unknown outcomes", () => {
  it("allows each at most once: read twice is the anomaly (reported here, not also as a duplicate)", async () => {
    const topic = await newTopic("audit-unknown");
    await writeCommitted(topic, [record("u-once"), record("u-twice"), record("u-twice")]);
    const unknown = (messageId: string) => ({
      messageId,
      clientId: "client-1",
      topic,
      outcome: "unknown" as const,
    });
    const ledger = await writeLedger([unknown("u-once"), unknown("u-twice"), unknown("u-never")]);
    const report = await audit([topic], { ledger });
    expect(found(report)).toEqual({ unknownOutcomes: { "unknown-twice": 1 } });
    expect(report.checks.unknownOutcomes.examples[0]).toMatchObject({
      messageId: "u-twice",
      offsets: ["1", "2"],
    });
    expect(report.ledger).toMatchObject({ unknown: 3, unknownReadOnce: 1, unknownNeverRead: 1 });
  });
});
