import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { Message } from "kafkajs";
import { describe, expect, it } from "vitest";
import {
  audit,
  found,
  newTopic,
  plainProducer,
  processHeaders,
  sendPlain,
  txProducer,
} from "./support/plant.ts";

/**
 * Commits the group's offset the way Process does: inside a transaction (TxnOffsetCommit).
 * On a broker just started, the group coordinator may still be loading (NOT_COORDINATOR, which
 * kafkajs does not retry inside sendOffsets): the transaction is aborted and tried again, as
 * the gateway's Process redelivers such a batch.
 */
async function commitGroupOffset(groupId: string, topic: string, offset: number): Promise<void> {
  const producer = await txProducer("audit-ctp");
  try {
    for (let attempt = 1; ; attempt++) {
      const transaction = await producer.transaction();
      try {
        await transaction.sendOffsets({
          consumerGroupId: groupId,
          topics: [{ topic, partitions: [{ partition: 0, offset: String(offset) }] }],
        });
        await transaction.commit();
        return;
      } catch (error) {
        await transaction.abort().catch(() => {});
        if (attempt >= 20 || (error as { retriable?: unknown }).retriable !== true) throw error;
        await sleep(250);
      }
    }
  } finally {
    await producer.disconnect();
  }
}

describe("consume-transform-produce", () => {
  it("passes when each input offset has one whole set of outputs and the group's offset follows the last", async () => {
    const input = await newTopic("audit-ctp-in");
    const output = await newTopic("audit-ctp-out");
    const group = `ctp-clean-${randomBytes(3).toString("hex")}`;
    const producer = await plainProducer();
    try {
      await sendPlain(
        producer,
        input,
        [0, 1, 2].map((i) => ({ value: `in ${i}` })),
      );
      const out = (offset: number, index: number): Message => ({
        value: `out ${offset}.${index}`,
        headers: processHeaders(group, { topic: input, partition: 0, offset }, index),
      });
      await sendPlain(producer, output, [out(0, 0), out(0, 1), out(1, 0), out(2, 0)]);
    } finally {
      await producer.disconnect();
    }
    await commitGroupOffset(group, input, 3);
    const report = await audit([output]);
    expect(found(report)).toEqual({});
    expect(report.checks.consumeTransformProduce.status).toBe("passed");
    expect(report.records.processOutputs).toBe(4);
  });

  it("finds an incomplete output set, offsets behind the outputs, offsets past inputs without outputs, a mismatched input", async () => {
    const input = await newTopic("audit-ctp-in");
    const output = await newTopic("audit-ctp-out");
    const behind = `ctp-behind-${randomBytes(3).toString("hex")}`;
    const past = `ctp-past-${randomBytes(3).toString("hex")}`;
    const producer = await plainProducer();
    try {
      await sendPlain(
        producer,
        input,
        [0, 1, 2].map((i) => ({ value: `in ${i}` })),
      );
      const out = (group: string, offset: number, index: number): Message => ({
        value: `out ${offset}.${index}`,
        headers: processHeaders(group, { topic: input, partition: 0, offset }, index),
      });
      await sendPlain(producer, output, [
        // Group "behind": input 1's outputs are indexes 0 and 2 (1 is missing), and its committed
        // offset (2, below) says input 2 is not consumed yet although input 2 has an output.
        out(behind, 0, 0),
        out(behind, 1, 0),
        out(behind, 1, 2),
        out(behind, 2, 0),
        // Group "past": outputs for inputs 0 and 1, but its offset (3, below) also covers input 2.
        out(past, 0, 0),
        out(past, 1, 0),
        // An output whose header names another input than its message id does.
        {
          value: "odd",
          headers: {
            ...processHeaders(past, { topic: input, partition: 0, offset: 0 }, 1),
            "onceport-input": `${input}/0/1`,
          },
        },
      ]);
    } finally {
      await producer.disconnect();
    }
    await commitGroupOffset(behind, input, 2);
    await commitGroupOffset(past, input, 3);
    const report = await audit([output]);
    expect(found(report)).toEqual({
      consumeTransformProduce: {
        "incomplete-output-set": 1,
        "offsets-behind-outputs": 1,
        "offsets-past-outputs": 1,
        "input-mismatch": 1,
      },
    });
    const details = report.checks.consumeTransformProduce.examples.map((e) => `${e.kind}: ${e.detail}`);
    expect(details.find((d) => d.startsWith("incomplete"))).toContain(behind);
    expect(details.find((d) => d.startsWith("offsets-behind"))).toContain(behind);
    expect(details.find((d) => d.startsWith("offsets-past"))).toContain(past);
  });
});
