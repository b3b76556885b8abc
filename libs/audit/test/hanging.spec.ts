import { ensureJars } from "@onceport/kafka-dev";
import { describe, expect, it } from "vitest";
import { audit, found, newTopic, record, sendInTransaction, txProducer } from "./support/plant.ts";

describe("hanging transactions and LSO lag", () => {
  it("finds the transaction that holds the LSO back, names its producer, and still audits up to the LSO", async () => {
    const topic = await newTopic("audit-hanging", 2);
    const committer = await txProducer();
    const hanging = await txProducer("audit-hanging");
    try {
      await sendInTransaction(committer, topic, [record("before", 0)]);
      // Sends, never commits: the LSO of partition 0 stays where this transaction began.
      const open = await hanging.transaction();
      const [sent] = await open.send({ topic, messages: [record("open-1", 0), record("open-2", 0)] });
      // Usually 2, after the committed record and its commit marker; 1 when the coordinator had
      // not written that marker yet (it writes markers after it answers the commit).
      const openedAt = sent?.baseOffset ?? "unknown";
      const report = await audit([topic], {
        lsoGraceMs: 1500,
        // The read_uncommitted pass sees the open transaction's records, yet stops at the LSO too.
        readUncommitted: true,
        transactionsTool: { libsDir: await ensureJars() },
      });
      expect(found(report)).toEqual({ hangingTransactions: { "lso-stuck": 1 } });
      const example = report.checks.hangingTransactions.examples[0];
      expect(example).toMatchObject({ partition: 0, offsets: [openedAt, "4"] });
      expect(example?.detail).toMatch(
        new RegExp(`producer \\d+ \\(epoch \\d+\\) has a transaction open since offset ${openedAt}`),
      );
      expect(report.topics[0]?.partitions[0]).toMatchObject({
        end: openedAt,
        highWatermark: "4",
        lsoLag: 4 - Number(openedAt),
        recordsRead: 1,
      });
      expect(report.topics[0]?.partitions[1]).toMatchObject({ lsoLag: 0 });
      expect(report.records).toMatchObject({ committed: 1, uncommitted: 1, aborted: 0 });
      await open.abort();
    } finally {
      await hanging.disconnect();
      await committer.disconnect();
    }
    // Once it ends, the same topic passes.
    const after = await audit([topic]);
    expect(found(after)).toEqual({});
  });
});
