import { ensureJars } from "@onceport/kafka-dev";
import { describe, expect, it } from "vitest";
import {
  audit,
  found,
  newTopic,
  outgoing,
  record,
  sendInTransaction,
  txProducer,
  untilStable,
} from "./support/plant.ts";

describe("hanging transactions and LSO lag", () => {
  it("finds the transaction that holds the LSO back, names its producer, and still audits up to the LSO", async () => {
    const topic = await newTopic("audit-hanging", 2);
    const committer = await txProducer();
    const hanging = await txProducer("audit-hanging");
    try {
      await sendInTransaction(committer, topic, [record("before", 0)]);
      // The coordinator writes the commit marker after it answers the commit (a moment later on
      // a busy broker): wait for it, so the open transaction below begins after it, at offset 2.
      await untilStable(topic, 0, 2);
      // Sends, never commits: the LSO of partition 0 stays where this transaction began.
      const open = await hanging.begin();
      const [sent] = await open.send([
        { topic, partition: 0, records: [outgoing(record("open-1")), outgoing(record("open-2"))] },
      ]);
      const openedAt = String(sent?.baseOffset);
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
      await hanging.close();
      await committer.close();
    }
    // Once it ends, the same topic passes.
    const after = await audit([topic]);
    expect(found(after)).toEqual({});
  });
});
