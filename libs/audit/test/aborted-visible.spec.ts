import { describe, expect, it } from "vitest";
import {
  acknowledged,
  audit,
  found,
  newTopic,
  record,
  sendInTransaction,
  txProducer,
  writeCommitted,
  writeLedger,
} from "./support/plant.ts";

describe("aborted or failed writes visible", () => {
  it("finds the failed id a read_committed reader sees, and not the failed ids left in an aborted transaction", async () => {
    const topic = await newTopic("audit-aborted");
    const producer = await txProducer();
    let committed: number[];
    try {
      await sendInTransaction(producer, topic, [record("f1"), record("f2"), record("f3")], "abort");
      committed = await sendInTransaction(producer, topic, [record("ok1")]);
      // A write the writer was told definitely failed, made visible anyway (the anomaly, planted
      // by another producer's committed transaction).
      await writeCommitted(topic, [record("leaked")]);
    } finally {
      await producer.close();
    }
    const failed = (messageId: string) => ({
      messageId,
      clientId: "client-1",
      topic,
      outcome: "failed" as const,
    });
    const ledger = await writeLedger([
      failed("f1"),
      failed("f2"),
      failed("f3"),
      failed("leaked"),
      acknowledged(topic, "ok1", 0, committed[0] ?? 0),
    ]);
    const report = await audit([topic], { ledger });
    expect(found(report)).toEqual({ abortedVisible: { "failed-visible": 1 } });
    expect(report.checks.abortedVisible.examples[0]).toMatchObject({ messageId: "leaked", partition: 0 });
    // read_uncommitted sees the aborted transaction's three records; read_committed does not.
    expect(report.records).toMatchObject({ committed: 2, uncommitted: 5, aborted: 3 });
    expect(report.ledger).toMatchObject({ failed: 4, failedFoundAborted: 3 });
  });
});
