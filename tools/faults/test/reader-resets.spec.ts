import { setTimeout as sleep } from "node:timers/promises";
import { createKafkaClient, type KafkaClient, type PartitionReader } from "@onceport/kafka";
import { CLUSTER_PROXIED } from "@onceport/kafka-dev";
import { createTopics, deleteTopics, uniqueTopicName } from "@onceport/kafka-dev/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BrokerProxies } from "../src/kafka/broker-proxies.ts";
import { ClusterSession } from "../src/kafka/cluster-session.ts";

/**
 * kafkajs has no assign(): the kafkajs reader is a consumer group of one. When a crash's
 * LeaveGroup is lost with its connection, a restart in the same group waits for the old
 * member's session to time out (30 s) before reading again; the fault suite's network
 * scenario saw session catch-ups stall so. The reader must read on well before that.
 */
describe("a kafkajs reader whose connections are reset", () => {
  const topic = uniqueTopicName("reader-resets");
  let cluster: ClusterSession;
  let proxies: BrokerProxies;
  let direct: KafkaClient;
  let proxied: KafkaClient;
  let reader: PartitionReader | undefined;
  let written = 0;
  /** kafkajs's consumer crashes (its retries ran out): what makes it restart and rejoin. */
  let crashes = 0;

  beforeAll(async () => {
    cluster = await ClusterSession.open((line) => console.log(`[reader-resets] ${line}`));
    proxies = await BrokerProxies.start();
    await createTopics(cluster.brokers, [{ topic, numPartitions: 1 }]);
    direct = await createKafkaClient("kafkajs", {
      brokers: cluster.brokers,
      clientId: "reader-resets-writer",
    });
    proxied = await createKafkaClient("kafkajs", {
      brokers: CLUSTER_PROXIED.map((broker) => broker.proxyAddress),
      clientId: "reader-resets-reader",
      logger: (_level, message) => {
        if (message.startsWith("Crash")) crashes++;
      },
    });
  }, 900_000);

  afterAll(async () => {
    await reader?.close();
    await proxies?.close();
    await deleteTopics(cluster.brokers, [topic]).catch(() => {});
    await cluster?.close();
  }, 120_000);

  async function write(count: number): Promise<void> {
    const producer = await direct.transactionalProducer({
      transactionalId: `${topic}-writer`,
      transactionTimeoutMs: 60_000,
    });
    const transaction = await producer.begin();
    const records = Array.from({ length: count }, (_, i) => ({
      key: null,
      value: Buffer.from(`record ${written + i}`),
      headers: [],
    }));
    await transaction.send([{ topic, partition: 0, records }]);
    await transaction.commit();
    await producer.close();
    written += count;
  }

  /** Polls until `count` records were read in all, or `withinMs` passed; returns how many were. */
  async function readUpTo(active: PartitionReader, count: number, read: number, withinMs: number) {
    const deadline = Date.now() + withinMs;
    let total = read;
    while (total < count && Date.now() < deadline) {
      for (const batch of await active.poll(100)) total += batch.records.length;
    }
    return total;
  }

  it("reads on within seconds after the resets, not after the old member's 30 s session timeout", async () => {
    await write(10);
    reader = await proxied.reader({ isolation: "read_committed" });
    await reader.assign([{ topic, partition: 0, offset: 0n }]);
    const before = await readUpTo(reader, 10, 0, 60_000);
    expect(before).toBe(10);

    // Nothing gets through, and what waits is reset twice a second: the fetches fail until
    // the consumer's retries run out and it crashes, then the LeaveGroup of its shutdown and
    // the JoinGroup of its restart are lost too.
    proxies.blackhole();
    for (let reset = 0; reset < 20; reset++) {
      proxies.resetAll();
      await sleep(500);
    }
    proxies.heal();
    expect(crashes).toBeGreaterThan(0);
    await write(10);

    // The old member's session (30 s) runs from its last heartbeat, before the blackhole: a
    // reader whose join waits for it reads again some 20 s after the heal, one in a new group
    // within a few seconds (measured: 0.2-1.3 s; a reader rejoining its own group read nothing in 10 s).
    const healedAt = Date.now();
    const after = await readUpTo(reader, 20, before, 10_000);
    console.log(`[reader-resets] read on ${Date.now() - healedAt} ms after the heal`);
    expect(after).toBe(20);
  }, 180_000);
});
