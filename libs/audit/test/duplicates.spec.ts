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

describe("duplicates", () => {
  it("finds one message id at two offsets, in one partition and across partitions", async () => {
    const topic = await newTopic("audit-dup", 2);
    await writeCommitted(topic, [
      record("a", 0),
      record("b", 0),
      record("a", 0),
      record("c", 1),
      record("c", 0),
    ]);
    const report = await audit([topic]);
    expect(found(report)).toEqual({ duplicates: { duplicate: 2 } });
    expect(report.verdict).toBe("FAIL");
    const examples = report.checks.duplicates.examples.map((e) => [e.messageId, e.partition, e.offsets]);
    expect(examples).toContainEqual(["a", 0, ["0", "2"]]);
    // "c" was first read in partition 0 (offset 3), then in partition 1 (offset 0), or the other way round.
    expect(examples.find(([id]) => id === "c")?.[2]).toHaveLength(2);
    expect(report.checks.duplicates.examples.every((e) => e.clientId === "client-1")).toBe(true);
  });

  it("finds a duplicate of an id the ledger knows, tracked in the ledger's index instead of the window", async () => {
    const topic = await newTopic("audit-dup-ledger");
    const offsets = await writeCommitted(topic, [record("x"), record("y"), record("x")]);
    const ledger = await writeLedger([
      acknowledged(topic, "x", 0, offsets[0] ?? 0),
      acknowledged(topic, "y", 0, 1),
    ]);
    const report = await audit([topic], { ledger });
    expect(found(report)).toEqual({ duplicates: { duplicate: 1 } });
    expect(report.checks.duplicates.examples[0]).toMatchObject({ messageId: "x", offsets: ["0", "2"] });
    expect(report.memory.idsInWindows).toBe(0);
  });

  it("identifies records without the header by key and value when asked", async () => {
    const topic = await newTopic("audit-dup-kv");
    await writeCommitted(topic, [
      { key: "k1", value: "v1" },
      { key: "k1", value: "v2" },
      { key: "k1", value: "v1" },
    ]);
    const unchecked = await audit([topic]);
    expect(found(unchecked)).toEqual({});
    expect(unchecked.records.withoutId).toBe(3);
    const byKeyValue = await audit([topic], { fallbackIdentity: "key-value" });
    expect(found(byKeyValue)).toEqual({ duplicates: { duplicate: 1 } });
    expect(byKeyValue.checks.duplicates.examples[0]?.offsets).toEqual(["0", "2"]);
    const byKey = await audit([topic], { fallbackIdentity: "key" });
    expect(found(byKey)).toEqual({ duplicates: { duplicate: 2 } });
  });
});
