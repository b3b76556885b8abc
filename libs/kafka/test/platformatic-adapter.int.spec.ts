// The platformatic adapter on the real broker, beyond the contract suite (test/contract, which
// also runs the read_committed scenarios with this adapter writing): KIP-447 group metadata in
// sendOffsets (with a raw group member, and with the adapter's group consumer), the client's
// quirks the adapter works around, a group member kept while a handler is slow, SASL, handles
// left after closing, and one small transaction's latency.
import { setTimeout as sleep } from "node:timers/promises";
import { Consumer } from "@platformatic/kafka";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKafkaClient, isKafkaError, type KafkaClient } from "../src/index.ts";
import {
  contractClient,
  createTopic,
  ProducerPool,
  readToEnd,
  textRecord,
  uniqueName,
  values,
} from "./contract/contract-kit.ts";

const adapter = "platformatic";
/** The local broker's SASL_PLAINTEXT listener and its development user (tools/kafka/src/layouts.ts, LOCAL_SASL). */
const saslBroker = "127.0.0.1:19094";
const saslUser = { username: "onceport", password: "onceport-dev-scram-password" };

async function failure(attempt: Promise<unknown>): Promise<unknown> {
  return await attempt.then(
    () => "succeeded",
    (error: unknown) => error,
  );
}

function kindOf(error: unknown): string {
  return isKafkaError(error) ? error.kind : `not a KafkaError: ${String(error)}`;
}

describe("platformatic adapter", () => {
  let client: KafkaClient;
  let pool: ProducerPool;

  beforeAll(async () => {
    client = await contractClient(adapter);
    pool = new ProducerPool(client);
  });
  afterAll(async () => {
    await pool?.closeAll();
  });

  describe("transactional producer", () => {
    it("stays dead once fenced: begin() refuses instead of initialising again (which would fence the successor)", async () => {
      const topic = await createTopic(client, "plt-dead-zombie");
      const id = uniqueName("txn");
      const zombie = await pool.producer(id);
      const open = await zombie.begin();
      await open.send([{ topic, partition: 0, records: [textRecord("zombie")] }]);
      const successor = await pool.producer(id);
      await successor.init();
      expect(kindOf(await failure(open.commit()))).toBe("fenced");
      expect(kindOf(await failure(zombie.begin()))).toBe("fenced");
      const mine = await successor.begin();
      await mine.send([{ topic, partition: 0, records: [textRecord("successor")] }]);
      await mine.commit();
      expect(values((await readToEnd(client, topic, "read_committed")).records)).toEqual(["successor"]);
    });

    it("ends a transaction that wrote nothing (the coordinator would answer INVALID_TXN_STATE)", async () => {
      const topic = await createTopic(client, "plt-empty-txn");
      const producer = await pool.producer(uniqueName("txn"));
      await (await producer.begin()).commit();
      await (await producer.begin()).abort();
      const empty = await producer.begin();
      await empty.send([{ topic, partition: 0, records: [] }]);
      await empty.commit();
      const real = await producer.begin();
      await real.send([{ topic, partition: 0, records: [textRecord("after-empty")] }]);
      await real.commit();
      expect(values((await readToEnd(client, topic, "read_committed")).records)).toEqual(["after-empty"]);
    });

    it("sends its transaction timeout to the coordinator (the client's request timeout otherwise)", async () => {
      // Above the broker's transaction.max.timeout.ms (15 min): refused at InitProducerId.
      const producer = await client.transactionalProducer({
        transactionalId: uniqueName("txn"),
        transactionTimeoutMs: 900_001,
      });
      try {
        const error = await failure(producer.init());
        expect(isKafkaError(error) ? [error.kind, error.code] : String(error)).toEqual([
          "invalid-argument",
          "INVALID_TRANSACTION_TIMEOUT",
        ]);
      } finally {
        await producer.close();
      }
    });

    it("refuses a partition past the topic's last one (the client would write partition % count)", async () => {
      const topic = await createTopic(client, "plt-no-partition");
      const producer = await pool.producer(uniqueName("txn"));
      const transaction = await producer.begin();
      const error = await failure(transaction.send([{ topic, partition: 1, records: [textRecord("lost")] }]));
      expect(isKafkaError(error) ? [error.kind, error.code] : String(error)).toEqual([
        "unknown-topic",
        "UNKNOWN_TOPIC_OR_PARTITION",
      ]);
      await transaction.abort();
      expect(values((await readToEnd(client, topic, "read_uncommitted")).records)).toEqual([]);
    });

    it("commits offsets with the group's generation and member id (KIP-447): a stale generation is refused", async () => {
      const input = await createTopic(client, "plt-kip447-in");
      const output = await createTopic(client, "plt-kip447-out");
      const groupId = uniqueName("group");
      const member = new Consumer({
        clientId: "kip447-member",
        bootstrapBrokers: ["127.0.0.1:19092"],
        groupId,
      });
      try {
        await member.joinGroup({ sessionTimeout: 10_000, heartbeatInterval: 1000 });
        const group = { groupId, generationId: member.generationId, memberId: member.memberId ?? "" };
        const producer = await pool.producer(uniqueName("txn"));

        const stale = await producer.begin();
        await stale.send([{ topic: output, partition: 0, records: [textRecord("stale")] }]);
        const refused = await failure(
          stale.sendOffsets([{ topic: input, partition: 0, offset: 5n }], {
            ...group,
            generationId: group.generationId + 1,
          }),
        );
        expect(isKafkaError(refused) ? refused.code : String(refused)).toBe("ILLEGAL_GENERATION");
        await stale.abort();

        const current = await producer.begin();
        await current.send([{ topic: output, partition: 0, records: [textRecord("current")] }]);
        await current.sendOffsets([{ topic: input, partition: 0, offset: 7n }], group);
        await current.commit();
        const admin = await client.admin();
        try {
          expect(await admin.listGroupOffsets(groupId, [{ topic: input, partition: 0 }])).toEqual([
            { topic: input, partition: 0, offset: 7n },
          ]);
        } finally {
          await admin.close();
        }
        expect(values((await readToEnd(client, output, "read_committed")).records)).toEqual(["current"]);
      } finally {
        await member.close(true);
      }
    });

    it("measures one small transaction's send() + commit()", async () => {
      const topic = await createTopic(client, "plt-latency");
      const producer = await pool.producer(uniqueName("txn"));
      const rounds = 30;
      const timings: number[] = [];
      for (let round = 0; round < rounds + 5; round++) {
        const started = performance.now();
        const transaction = await producer.begin();
        await transaction.send([{ topic, partition: 0, records: [textRecord(`small-${round}`)] }]);
        await transaction.commit();
        if (round >= 5) timings.push(performance.now() - started);
      }
      timings.sort((a, b) => a - b);
      const at = (q: number) =>
        (timings[Math.min(timings.length - 1, Math.floor(q * timings.length))] ?? 0).toFixed(1);
      process.stdout.write(
        `[platformatic] one-record transaction begin+send+commit over ${rounds}: p50 ${at(0.5)} ms, p90 ${at(0.9)} ms, max ${at(1)} ms\n`,
      );
      expect(timings).toHaveLength(rounds);
    });
  });

  describe("reader", () => {
    it("answers a poll as soon as records arrive, per partition, and starts again where assign says", async () => {
      const topic = await createTopic(client, "plt-reader", 3);
      const reader = await client.reader({ isolation: "read_committed" });
      try {
        await reader.assign([0, 1, 2].map((partition) => ({ topic, partition, offset: 0n })));
        expect(await reader.poll(200)).toEqual([]);
        const producer = await pool.producer(uniqueName("txn"));
        const polling = reader.poll(10_000);
        const started = Date.now();
        await sleep(300);
        const transaction = await producer.begin();
        await transaction.send([
          { topic, partition: 1, records: [textRecord("p1-a"), textRecord("p1-b")] },
          { topic, partition: 2, records: [textRecord("p2-a")] },
        ]);
        await transaction.commit();
        const batches = [...(await polling)];
        expect(Date.now() - started).toBeLessThan(5000);
        while (batches.reduce((sum, batch) => sum + batch.records.length, 0) < 3)
          batches.push(...(await reader.poll(2000)));
        const byPartition = (partition: number) =>
          values(
            batches.filter((batch) => batch.partition === partition).flatMap((batch) => [...batch.records]),
          );
        expect([byPartition(0), byPartition(1), byPartition(2)]).toEqual([[], ["p1-a", "p1-b"], ["p2-a"]]);

        await reader.assign([{ topic, partition: 1, offset: 1n }]);
        const again = await reader.poll(5000);
        expect(again.map((batch) => [batch.partition, values(batch.records), batch.nextOffset])).toEqual([
          [1, ["p1-b"], 3n],
        ]);
      } finally {
        await reader.close();
      }
    });

    it("says invalid-argument for an offset past the end of the log", async () => {
      const topic = await createTopic(client, "plt-reader-range");
      const reader = await client.reader({ isolation: "read_uncommitted" });
      try {
        await reader.assign([{ topic, partition: 0, offset: 42n }]);
        // A poll may first answer [] (a leader not serving the new topic yet is retried).
        let error: unknown = "succeeded";
        for (let attempt = 0; attempt < 10 && error === "succeeded"; attempt++)
          error = await failure(reader.poll(500));
        expect(isKafkaError(error) ? [error.kind, error.code] : String(error)).toEqual([
          "invalid-argument",
          "OFFSET_OUT_OF_RANGE",
        ]);
      } finally {
        await reader.close();
      }
    });
  });

  describe("group consumer", () => {
    const settings = {
      startAt: "earliest",
      sessionTimeoutMs: 6000, // the broker's group.min.session.timeout.ms
      rebalanceTimeoutMs: 20_000,
      heartbeatIntervalMs: 500,
      concurrency: 2,
      maxWaitMs: 200,
    } as const;

    async function until(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (!check()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
        await sleep(50);
      }
    }

    it("sends its generation and member id with the offsets: those of a generation before a rejoin are refused", async () => {
      const input = await createTopic(client, "plt-group-447-in");
      const output = await createTopic(client, "plt-group-447-out");
      const groupId = uniqueName("group");
      const consumer = await client.groupConsumer({ groupId, topics: [input], ...settings });
      const generations: (number | undefined)[] = [];
      try {
        await consumer.start({
          assigned: (assignment) => generations.push(assignment.generationId),
          batch: async (batch) => batch.nextOffset,
          failed: () => {},
        });
        const before = consumer.groupMetadata();
        expect(before).toEqual({ groupId, memberId: expect.any(String), generationId: generations[0] });
        // A lone member's JoinGroup is its leader's: the group moves to a new generation.
        consumer.rejoin();
        await until("the rejoin's assignment", () => generations.length >= 2);
        const after = consumer.groupMetadata();
        expect(after.generationId).toBeGreaterThan(before.generationId ?? 0);
        expect(after.memberId).toBe(before.memberId);

        const producer = await pool.producer(uniqueName("txn"));
        const stale = await producer.begin();
        await stale.send([{ topic: output, partition: 0, records: [textRecord("stale")] }]);
        const refused = await failure(
          stale.sendOffsets([{ topic: input, partition: 0, offset: 3n }], before),
        );
        expect(isKafkaError(refused) ? refused.code : String(refused)).toBe("ILLEGAL_GENERATION");
        await stale.abort();
        const current = await producer.begin();
        await current.send([{ topic: output, partition: 0, records: [textRecord("current")] }]);
        await current.sendOffsets([{ topic: input, partition: 0, offset: 4n }], after);
        await current.commit();
        const admin = await client.admin();
        try {
          expect(await admin.listGroupOffsets(groupId, [{ topic: input, partition: 0 }])).toEqual([
            { topic: input, partition: 0, offset: 4n },
          ]);
        } finally {
          await admin.close();
        }
      } finally {
        await consumer.close();
      }
    });

    it("keeps its partitions while a handler waits longer than the session timeout without calling heartbeat()", async () => {
      const topic = await createTopic(client, "plt-group-slow");
      const producer = await pool.producer(uniqueName("txn"));
      const transaction = await producer.begin();
      await transaction.send([{ topic, partition: 0, records: [textRecord("slow")] }]);
      await transaction.commit();
      const consumer = await client.groupConsumer({
        groupId: uniqueName("group"),
        topics: [topic],
        ...settings,
      });
      const generations: (number | undefined)[] = [];
      let handled = 0;
      try {
        await consumer.start({
          assigned: (assignment) => generations.push(assignment.generationId),
          batch: async (batch) => {
            if (handled++ === 0) await sleep(settings.sessionTimeoutMs * 1.5);
            return batch.nextOffset;
          },
          failed: () => {},
        });
        await until("the slow batch is handled", () => handled >= 1);
        await sleep(settings.sessionTimeoutMs * 1.5 + 1000);
        // Dropped by the coordinator, the member would have joined again as a new generation.
        expect(generations).toHaveLength(1);
      } finally {
        await consumer.close();
      }
    }, 30_000);

    it("stays in the group while a handler finishes for longer than the session timeout after heartbeat() said rejoin", async () => {
      const topic = await createTopic(client, "plt-group-grace", 2);
      const groupId = uniqueName("group");
      const first = await client.groupConsumer({ groupId, topics: [topic], ...settings });
      const second = await client.groupConsumer({ groupId, topics: [topic], ...settings });
      const firstMembers: string[] = [];
      let secondAssigned = 0;
      let heardRejoin = false;
      let inHandler = false;
      const producer = await pool.producer(uniqueName("txn"));
      const transaction = await producer.begin();
      await transaction.send([{ topic, partition: 0, records: [textRecord("held")] }]);
      await transaction.commit();
      try {
        await first.start({
          assigned: (assignment) => firstMembers.push(assignment.memberId),
          batch: async (batch) => {
            if (heardRejoin) return batch.nextOffset;
            inHandler = true;
            while ((await batch.heartbeat()) !== "rejoin") await sleep(100);
            heardRejoin = true;
            // The grace the caller takes, past the session timeout: the member's own
            // heartbeats keep it while its join waits.
            await sleep(settings.sessionTimeoutMs * 1.5);
            return batch.nextOffset;
          },
          failed: () => {},
        });
        await until("the first member is in a handler", () => inHandler);
        await second.start({
          assigned: () => secondAssigned++,
          batch: async (batch) => batch.nextOffset,
          failed: () => {},
        });
        await until("the first member rejoined", () => firstMembers.length >= 2, 20_000);
        expect(heardRejoin).toBe(true);
        // Dropped by the coordinator, it would have joined again under a new member id.
        expect(new Set(firstMembers).size).toBe(1);
        expect(secondAssigned).toBeGreaterThanOrEqual(1);
      } finally {
        await Promise.allSettled([first.close(), second.close()]);
      }
    }, 40_000);

    it("leaves no socket or timer behind once closed", async () => {
      await sleep(200);
      const before = resources();
      const topic = await createTopic(client, "plt-group-handles");
      const consumer = await client.groupConsumer({
        groupId: uniqueName("group"),
        topics: [topic],
        ...settings,
      });
      let assigned = 0;
      await consumer.start({
        assigned: () => assigned++,
        batch: async (batch) => batch.nextOffset,
        failed: () => {},
      });
      await until("assigned", () => assigned > 0);
      await sleep(1200); // heartbeats and fetches under way
      await consumer.close();
      await sleep(100);
      const after = resources();
      expect(after.sockets).toBeLessThanOrEqual(before.sockets);
      expect(after.timers).toBeLessThanOrEqual(before.timers);
    });
  });

  describe("connections", () => {
    it("authenticates with SASL SCRAM-SHA-512, and says authorization for a wrong password", async () => {
      const sasl = await contractSaslClient(saslUser.password);
      const admin = await sasl.admin();
      try {
        expect(Array.isArray(await admin.listTopics())).toBe(true);
      } finally {
        await admin.close();
      }
      const wrong = await (await contractSaslClient("not-the-password")).admin();
      try {
        expect(kindOf(await failure(wrong.listTopics()))).toBe("authorization");
      } finally {
        await wrong.close();
      }
    });

    it("leaves no socket or timer behind once producer, reader and admin are closed", async () => {
      // Other tests' clients may still be closing: what counts is that nothing is added.
      await sleep(200);
      const before = resources();
      const fresh = await contractClient(adapter);
      const topic = await createTopic(fresh, "plt-handles");
      const producer = await fresh.transactionalProducer({
        transactionalId: uniqueName("txn"),
        transactionTimeoutMs: 10_000,
      });
      const transaction = await producer.begin();
      await transaction.send([{ topic, partition: 0, records: [textRecord("one")] }]);
      await transaction.sendOffsets([{ topic, partition: 0, offset: 1n }], { groupId: uniqueName("group") });
      await transaction.commit();
      const reader = await fresh.reader({ isolation: "read_committed" });
      await reader.assign([{ topic, partition: 0, offset: 0n }]);
      await reader.poll(1000);
      const admin = await fresh.admin();
      await admin.listTopics();
      expect(resources().sockets).toBeGreaterThan(before.sockets);
      await Promise.all([producer.close(), reader.close(), admin.close()]);
      await sleep(100);
      const after = resources();
      expect(after.sockets).toBeLessThanOrEqual(before.sockets);
      expect(after.timers).toBeLessThanOrEqual(before.timers);
    });
  });
});

async function contractSaslClient(password: string): Promise<KafkaClient> {
  return await createKafkaClient(adapter, {
    brokers: [saslBroker],
    clientId: "plt-sasl",
    sasl: { mechanism: "scram-sha-512", username: saslUser.username, password },
  });
}

function resources(): { sockets: number; timers: number } {
  const active = process.getActiveResourcesInfo();
  return {
    sockets: active.filter((name) => name === "TCPSocketWrap").length,
    timers: active.filter((name) => name === "Timeout").length,
  };
}
