// The admin side of the contract: topics, their partitions and the offsets readers see.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AdapterName, isKafkaError, type KafkaAdmin, type KafkaClient } from "../../src/index.ts";
import { contractClient, ProducerPool, textRecord, uniqueName } from "./contract-kit.ts";

export function describeAdminContract(adapter: AdapterName): void {
  describe(`${adapter}: admin`, () => {
    let client: KafkaClient;
    let admin: KafkaAdmin;
    let pool: ProducerPool;

    beforeAll(async () => {
      client = await contractClient(adapter);
      admin = await client.admin();
      pool = new ProducerPool(client);
    });
    afterAll(async () => {
      await pool?.closeAll();
      await admin?.close();
    });

    it("creates, lists, describes and deletes topics", async () => {
      const topic = uniqueName("admin-topic");
      await admin.createTopics([{ topic, numPartitions: 3 }]);
      expect(await admin.listTopics()).toContain(topic);
      const [description] = await admin.describeTopics([topic]);
      expect(description?.topic).toBe(topic);
      expect(description?.partitions.map((p) => p.partition).sort()).toEqual([0, 1, 2]);
      for (const partition of description?.partitions ?? []) {
        expect(partition.leader).toBeGreaterThanOrEqual(0);
        expect(partition.isr).toContain(partition.leader);
      }
      await admin.deleteTopics([topic]);
      await expect.poll(async () => admin.listTopics(), { timeout: 15_000 }).not.toContain(topic);
    });

    it("says unknown-topic for a topic that does not exist", async () => {
      const error = await admin
        .describeTopics([uniqueName("no-such-topic")])
        .catch((caught: unknown) => caught);
      expect(isKafkaError(error) ? error.kind : String(error)).toBe("unknown-topic");
    });

    it("lists earliest, latest per isolation level, and by timestamp", async () => {
      const topic = uniqueName("admin-offsets");
      await admin.createTopics([{ topic, numPartitions: 1 }]);
      const producer = await pool.producer(uniqueName("txn"));
      const committed = await producer.begin();
      await committed.send([{ topic, partition: 0, records: [textRecord("one"), textRecord("two")] }]);
      await committed.commit();
      const afterCommit = Date.now();
      const open = await producer.begin();
      await open.send([{ topic, partition: 0, records: [textRecord("open")] }]);
      const partitions = [{ topic, partition: 0 }];
      try {
        expect(await admin.listOffsets(partitions, "earliest")).toEqual([
          { topic, partition: 0, offset: 0n },
        ]);
        // Records 0-1, the commit marker at 2, the open transaction's record at 3.
        expect(await admin.listOffsets(partitions, "latest", "read_uncommitted")).toEqual([
          { topic, partition: 0, offset: 4n },
        ]);
        expect(await admin.listOffsets(partitions, "latest", "read_committed")).toEqual([
          { topic, partition: 0, offset: 3n },
        ]);
        expect(await admin.listOffsets(partitions, { timestamp: 0 })).toEqual([
          { topic, partition: 0, offset: 0n },
        ]);
        const [later] = await admin.listOffsets(partitions, { timestamp: afterCommit + 60_000 });
        expect(later?.offset).toBeGreaterThanOrEqual(3n);
      } finally {
        await open.abort();
      }
    });

    it("lists a group's offsets while a transaction holds offsets of it pending", async () => {
      const topic = uniqueName("admin-group");
      await admin.createTopics([{ topic, numPartitions: 1 }]);
      const groupId = uniqueName("group");
      const partitions = [{ topic, partition: 0 }];
      const producer = await pool.producer(uniqueName("txn"));
      const first = await producer.begin();
      await first.sendOffsets([{ topic, partition: 0, offset: 1n }], { groupId });
      await first.commit();
      const pending = await producer.begin();
      await pending.sendOffsets([{ topic, partition: 0, offset: 2n }], { groupId });
      // A stable read (requireStable) is answered UNSTABLE_OFFSET_COMMIT by the broker until the
      // transaction ends: the admin waits for that, it does not fail with it.
      const listing = admin.listGroupOffsets(groupId, partitions);
      const committing = (async () => {
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        await pending.commit();
      })();
      const [offsets] = await Promise.all([listing, committing]);
      expect([1n, 2n]).toContain(offsets[0]?.offset);
      expect(await admin.listGroupOffsets(groupId, partitions)).toEqual([
        { topic, partition: 0, offset: 2n },
      ]);
    });

    it("describes the cluster's brokers", async () => {
      const brokers = await admin.describeCluster();
      expect(brokers.length).toBeGreaterThanOrEqual(1);
      expect(brokers[0]?.port).toBeGreaterThan(0);
    });
  });
}
