import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bulkLoad, loadMessageId } from "../bench/bulk-load.ts";
import { audit, found, newTopic, record, writeCommitted, writerClient } from "./support/plant.ts";

// Correctness at some volume; the speed and memory figures come from bench/audit-scale.ts.
describe("an audit of 50,000 records", () => {
  it("reads all, checks all against a 50,000-entry ledger, and finds exactly the one planted duplicate", async () => {
    const topic = await newTopic("audit-scale", 4);
    const ledgerPath = join(await mkdtemp(join(tmpdir(), "onceport-audit-")), "ledger.jsonl");
    const client = await writerClient();
    await bulkLoad({ client, topic, partitions: 4, records: 50_000, clients: 8, ledgerPath });
    await writeCommitted(topic, [record(loadMessageId(3, 2, 100), 2, "load-c3")]);
    const report = await audit([topic], { ledger: ledgerPath, readUncommitted: false });
    expect(found(report)).toEqual({ duplicates: { duplicate: 1 } });
    expect(report.checks.duplicates.examples[0]).toMatchObject({ messageId: "load-c3/p2/100", partition: 2 });
    expect(report.records.committed).toBe(50_001);
    expect(report.ledger).toMatchObject({ entries: 50_000, acknowledged: 50_000, acknowledgedRead: 50_000 });
    expect(report.memory.ledgerEntries).toBe(50_000);
    expect(report.memory.orderEntries).toBe(32);
  });
});
