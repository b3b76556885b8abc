import type { RunningGateway } from "@onceport/gateway";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import { createTopics, readCommitted, uniqueTopicName } from "@onceport/kafka-dev/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ConsumedRecord, connect, type OnceportClient, type Subscription } from "../src/index.ts";
import {
  startGatewayProcess,
  startInProcessGateway,
  uniqueClientId,
  uniquePrefix,
} from "./support/gateways.ts";

/**
 * Reads until `count` records came, then for `extraMs` more (to see that
 * nothing else comes), or until `timeoutMs`; ends the subscription.
 */
async function collect(
  subscription: Subscription,
  count: number,
  { extraMs = 0, timeoutMs = 30_000 } = {},
): Promise<ConsumedRecord[]> {
  const records: ConsumedRecord[] = [];
  let timer = setTimeout(() => subscription.close(), timeoutMs);
  let counted = false;
  try {
    for await (const batch of subscription) {
      records.push(...batch.records);
      if (records.length >= count && !counted) {
        counted = true;
        if (extraMs === 0) break;
        clearTimeout(timer);
        timer = setTimeout(() => subscription.close(), extraMs);
      }
    }
  } finally {
    clearTimeout(timer);
  }
  return records;
}

const values = (records: readonly ConsumedRecord[]) =>
  records.map((record) => record.value.toString()).sort();

describe("subscribe(): committed records, resumable (real broker, real gateway)", () => {
  let gateway: RunningGateway;
  let client: OnceportClient;

  beforeAll(async () => {
    gateway = await startInProcessGateway();
    client = await connect({ address: gateway.address, clientId: uniqueClientId("subscribe") });
  });
  afterAll(async () => {
    await client?.close();
    await gateway?.stop(1_000);
  });

  it("reads committed records only (an aborted transaction's are skipped) and resumes from a position", async () => {
    const topic = uniqueTopicName("sdk-subscribe");
    await createTopics(LOCAL_BROKERS, [{ topic, numPartitions: 2 }]);
    await client.publish(["a-0", "a-1", "a-2"].map((value, i) => ({ topic, partition: i % 2, value })));
    await expect(
      client.transaction(async (tx) => {
        await tx.send([
          { topic, partition: 0, value: "aborted-0" },
          { topic, partition: 1, value: "aborted-1" },
        ]);
        throw new Error("payment declined");
      }),
    ).rejects.toThrow("payment declined");
    await client.publish([
      { topic, partition: 0, value: "b-0", key: "k", headers: { source: "test" } },
      { topic, partition: 1, value: "b-1" },
    ]);

    const first = client.subscribe({ topics: [topic] });
    const read = await collect(first, 5, { extraMs: 1_000 });
    expect(values(read)).toEqual(["a-0", "a-1", "a-2", "b-0", "b-1"]);
    const b0 = read.find((record) => record.value.toString() === "b-0");
    expect(b0).toMatchObject({ topic, partition: 0, key: Buffer.from("k") });
    expect(b0?.headers.source?.toString()).toBe("test");
    expect(b0?.headers["onceport-message-id"]?.toString()).toMatch(/\/0$/);
    const position = first.position;
    expect(position).toMatch(/^p1\./);

    // Resumed from the position: only what was committed since, nothing again, no gap.
    await client.publish([
      { topic, partition: 1, value: "c-0" },
      { topic, partition: 0, value: "c-1" },
    ]);
    const resumed = await collect(
      client.subscribe({ topics: [topic], ...(position ? { position } : {}) }),
      2,
      {
        extraMs: 1_000,
      },
    );
    expect(values(resumed)).toEqual(["c-0", "c-1"]);
  });

  it("knows where a start at the latest offsets began before any batch, and hands out no empty batch", async () => {
    const topic = uniqueTopicName("sdk-subscribe-latest");
    await createTopics(LOCAL_BROKERS, [{ topic, numPartitions: 2 }]);
    await client.publish([{ topic, partition: 0, value: "before" }]);
    // Committed once its marker is written, which may come just after the publish answers.
    await readCommitted(LOCAL_BROKERS, [topic], { expectedCount: 1 });
    const first = client.subscribe({ topics: [topic], startAtLatest: true });
    const batches = first[Symbol.asyncIterator]();
    const pending = batches.next(); // the reading runs while a batch is asked for
    const deadline = Date.now() + 15_000;
    while (first.position === undefined && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const position = first.position;
    expect(position).toMatch(/^p1\./);
    await first.close();
    // No batch was handed out: the position came without records.
    expect(await pending).toMatchObject({ done: true });

    // Committed while no one reads; resumed from the position, it is read.
    await client.publish([{ topic, partition: 1, value: "meanwhile" }]);
    const resumed = await collect(
      client.subscribe({ topics: [topic], startAtLatest: true, ...(position ? { position } : {}) }),
      1,
    );
    expect(values(resumed)).toEqual(["meanwhile"]);
  });

  it("refuses what cannot be read: an unknown topic ends the iteration with TOPIC_NOT_FOUND", async () => {
    const subscription = client.subscribe({ topics: [uniqueTopicName("missing")] });
    await expect(collect(subscription, 1)).rejects.toMatchObject({
      reason: "TOPIC_NOT_FOUND",
      retriable: false,
    });
  });
});

describe("subscribe() across a gateway restart (real broker, gateway processes)", () => {
  it("the gateway SIGKILLed mid-read and restarted: the subscription resumes from its last position by itself, nothing lost", async () => {
    const prefix = uniquePrefix("subscribe-restart");
    let gateway = await startGatewayProcess({ prefix });
    const client = await connect({ address: gateway.address, clientId: uniqueClientId("sub-restart") });
    try {
      const topic = uniqueTopicName("sdk-subscribe-restart");
      await createTopics(LOCAL_BROKERS, [{ topic, numPartitions: 3 }]);
      for (let start = 0; start < 3_000; start += 500) {
        await client.publish(Array.from({ length: 500 }, (_, i) => ({ topic, value: `v-${start + i}` })));
      }
      const reconnects: string[] = [];
      const subscription = client.subscribe({
        topics: [topic],
        onReconnect: ({ error }) => reconnects.push(error.reason),
      });
      const seen = new Map<string, number>();
      let restarted = false;
      const timer = setTimeout(() => subscription.close(), 60_000);
      for await (const batch of subscription) {
        for (const record of batch.records) {
          const value = record.value.toString();
          seen.set(value, (seen.get(value) ?? 0) + 1);
        }
        if (!restarted && seen.size >= 600) {
          restarted = true;
          await gateway.kill("SIGKILL");
          gateway = await startGatewayProcess({ prefix, listen: gateway.address });
        }
        if (seen.size >= 3_000) break;
      }
      clearTimeout(timer);
      expect(restarted).toBe(true);
      expect(reconnects.length).toBeGreaterThan(0);
      const missing = Array.from({ length: 3_000 }, (_, i) => `v-${i}`).filter((value) => !seen.has(value));
      expect(missing).toEqual([]);
      // At least once: what was in flight when the gateway died may come twice, but the
      // subscription resumed from its last position, not from the start (600 read by then).
      const twice = [...seen.values()].filter((count) => count > 1).length;
      console.info(`subscribe() across a gateway restart: ${twice} records delivered twice`);
      expect(twice).toBeLessThan(600);
    } finally {
      await client.close();
      await gateway.kill("SIGTERM");
    }
  });
});
