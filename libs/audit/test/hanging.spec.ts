import { setTimeout as sleep } from "node:timers/promises";
import { ensureJars } from "@onceport/kafka-dev";
import { describe, expect, it } from "vitest";
import { audit, found, kafka, newTopic, record, sendInTransaction, txProducer } from "./support/plant.ts";

describe("hanging transactions and LSO lag", () => {
  it("finds the transaction that holds the LSO back, names its producer, and still audits up to the LSO", async () => {
    const topic = await newTopic("audit-hanging", 2);
    const committer = await txProducer();
    const hanging = await txProducer("audit-hanging");
    try {
      await sendInTransaction(committer, topic, [record("before", 0)]);
      // The coordinator writes the commit marker after it answers the commit (a moment later on
      // a busy broker): wait for it, so the open transaction below begins after it, at offset 2.
      await untilStable(topic, 2);
      // Sends, never commits: the LSO of partition 0 stays where this transaction began.
      const open = await hanging.transaction();
      const [sent] = await open.send({ topic, messages: [record("open-1", 0), record("open-2", 0)] });
      const openedAt = sent?.baseOffset;
      expect(openedAt).toBe("2");
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
        lsoLag: 2,
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

/** Waits until partition 0's last stable offset reaches `offset` (kafkajs's admin asks read_committed). */
async function untilStable(topic: string, offset: number): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (let attempt = 0; attempt < 100; attempt++) {
      const partitions = await admin.fetchTopicOffsets(topic);
      if (Number(partitions.find((p) => p.partition === 0)?.high ?? -1) >= offset) return;
      await sleep(100);
    }
    throw new Error(`the LSO of ${topic}/0 did not reach ${offset}`);
  } finally {
    await admin.disconnect();
  }
}
