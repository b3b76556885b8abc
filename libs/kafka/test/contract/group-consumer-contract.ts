// The group consumer side of the contract: what Process needs of a consumer group member, on
// the real broker. Each adapter's spec file runs it (see *.int.spec.ts beside this file).
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type AdapterName,
  type ConsumedRecord,
  type GroupAssignment,
  type GroupBatch,
  type GroupConsumer,
  type KafkaClient,
  partitionKey,
} from "../../src/index.ts";
import { contractClient, createTopic, ProducerPool, textRecord, uniqueName, values } from "./contract-kit.ts";

type BatchHandler = (batch: GroupBatch, member: Member) => Promise<bigint | undefined>;

/** Handles every record: reads on from the batch's end. */
const handleAll: BatchHandler = async (batch) => batch.nextOffset;

/** One member of a group under test: what it was assigned and handed, in order. */
class Member {
  readonly assignments: GroupAssignment[] = [];
  readonly records: ConsumedRecord[] = [];
  readonly failures: Error[] = [];
  handler: BatchHandler;
  consumer!: GroupConsumer;

  constructor(handler: BatchHandler = handleAll) {
    this.handler = handler;
  }

  get assigned(): string[] {
    const last = this.assignments.at(-1);
    return (last?.partitions ?? []).map(({ topic, partition }) => partitionKey(topic, partition)).sort();
  }

  async start(client: KafkaClient, groupId: string, topics: string[]): Promise<this> {
    this.consumer = await client.groupConsumer({
      groupId,
      topics,
      startAt: "earliest",
      sessionTimeoutMs: 10_000,
      rebalanceTimeoutMs: 30_000,
      heartbeatIntervalMs: 500,
      concurrency: 4,
      maxWaitMs: 200,
    });
    await this.consumer.start({
      assigned: (assignment) => this.assignments.push(assignment),
      batch: async (batch) => {
        this.records.push(...batch.records);
        return this.handler(batch, this);
      },
      failed: (error) => this.failures.push(error),
    });
    return this;
  }
}

async function eventually(what: string, check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(50);
  }
}

export function describeGroupConsumerContract(adapter: AdapterName): void {
  describe(`${adapter}: group consumer`, () => {
    let client: KafkaClient;
    let pool: ProducerPool;
    let members: Member[] = [];

    beforeAll(async () => {
      client = await contractClient(adapter);
      pool = new ProducerPool(client);
    });
    afterEach(async () => {
      await Promise.allSettled(members.splice(0).map((member) => member.consumer?.close()));
      await pool.closeAll();
    });
    afterAll(async () => {
      await pool.closeAll();
    });

    async function member(groupId: string, topics: string[], handler?: BatchHandler): Promise<Member> {
      const started = new Member(handler);
      members.push(started);
      return started.start(client, groupId, topics);
    }

    async function write(topic: string, partition: number, texts: string[], commit = true): Promise<void> {
      const producer = await pool.producer(uniqueName("writer"));
      const transaction = await producer.begin();
      await transaction.send([{ topic, partition, records: texts.map((text) => textRecord(text)) }]);
      await (commit ? transaction.commit() : transaction.abort());
    }

    it("gives a lone member every partition and reads committed records only, from the start", async () => {
      const topic = await createTopic(client, "group-lone", 2);
      await write(topic, 0, ["a0", "a1"]);
      await write(topic, 0, ["aborted"], false);
      await write(topic, 1, ["b0"]);
      await write(topic, 0, ["a2"]);
      const groupId = uniqueName("group");
      const lone = await member(groupId, [topic]);
      await eventually("all committed records are read", () => lone.records.length >= 4);
      await sleep(500);
      expect(values(lone.records).sort()).toEqual(["a0", "a1", "a2", "b0"]);
      expect(lone.assigned).toEqual([partitionKey(topic, 0), partitionKey(topic, 1)]);
      const [assignment] = lone.assignments;
      expect(assignment?.memberId).not.toBe("");
      const metadata = lone.consumer.groupMetadata();
      expect(metadata.groupId).toBe(groupId);
      if (metadata.memberId !== undefined) expect(metadata.memberId).toBe(lone.assignments.at(-1)?.memberId);
      expect(lone.failures).toEqual([]);
    });

    it("fetches again from the offset a handler returns, and from a seek", async () => {
      const topic = await createTopic(client, "group-position");
      await write(topic, 0, ["r0", "r1", "r2"]);
      let first = true;
      const partial = await member(uniqueName("group"), [topic], async (batch) => {
        if (!first) return batch.nextOffset;
        first = false;
        // Only the first record is handled: the others come again.
        return (batch.records[0]?.offset ?? 0n) + 1n;
      });
      await eventually("the records after the first come again", () => partial.records.length >= 5);
      await sleep(500);
      expect(values(partial.records)).toEqual(["r0", "r1", "r2", "r1", "r2"]);

      const before = partial.records.length;
      partial.consumer.seek({ topic, partition: 0, offset: 0n });
      await eventually("a seek to 0 reads r0 again", () => partial.records.length >= before + 3);
      expect(values(partial.records.slice(before, before + 3))).toEqual(["r0", "r1", "r2"]);
    });

    it("splits the partitions with a second member; a member in a handler hears of it by heartbeat", async () => {
      const topic = await createTopic(client, "group-split", 4);
      for (const partition of [0, 1, 2, 3]) await write(topic, partition, [`p${partition}`]);
      const groupId = uniqueName("group");
      let heardRejoin = false;
      let inHandler = false;
      let holding = true;
      const first = await member(groupId, [topic], async (batch) => {
        if (!holding) return batch.nextOffset;
        holding = false;
        inHandler = true;
        // Busy with one batch, heartbeating, until the group says rebalance.
        const deadline = Date.now() + 60_000;
        while (Date.now() < deadline) {
          if ((await batch.heartbeat()) === "rejoin") {
            heardRejoin = true;
            break;
          }
          await sleep(200);
        }
        inHandler = false;
        return undefined;
      });
      await eventually("the first member is in a handler", () => inHandler);
      const second = await member(groupId, [topic]);
      await eventually("the first member's heartbeat says rejoin", () => heardRejoin);
      await eventually(
        "the two members hold two partitions each",
        () => first.assigned.length === 2 && second.assigned.length === 2,
      );
      const all = [...first.assigned, ...second.assigned].sort();
      expect(all).toEqual([0, 1, 2, 3].map((partition) => partitionKey(topic, partition)));
      expect(first.assignments.length).toBeGreaterThanOrEqual(2);
    });

    it("tells the assignment again after rejoin(), before the next batch", async () => {
      const topic = await createTopic(client, "group-rejoin");
      await write(topic, 0, ["x0"]);
      let asked = false;
      const lone = await member(uniqueName("group"), [topic], async (batch, self) => {
        if (!asked) {
          asked = true;
          self.consumer.rejoin();
          return undefined;
        }
        return batch.nextOffset;
      });
      await eventually("a second assignment", () => lone.assignments.length >= 2);
      expect(lone.assigned).toEqual([partitionKey(topic, 0)]);
      await eventually("x0 is read again after the rejoin", () => lone.records.length >= 2);
      expect(values(lone.records).slice(0, 2)).toEqual(["x0", "x0"]);
    });

    it("hands a closed member's partitions to the one that stays", async () => {
      const topic = await createTopic(client, "group-close", 2);
      const groupId = uniqueName("group");
      const leaving = await member(groupId, [topic]);
      await eventually("the first member is assigned", () => leaving.assigned.length === 2);
      const staying = await member(groupId, [topic]);
      await eventually(
        "the partitions are split",
        () => staying.assigned.length === 1 && leaving.assigned.length === 1,
      );
      await leaving.consumer.close();
      members = members.filter((one) => one !== leaving);
      await eventually("the staying member holds both", () => staying.assigned.length === 2);
      expect(staying.failures).toEqual([]);
    });

    it("starts a new member at the offsets a transaction committed with the group's metadata", async () => {
      const topic = await createTopic(client, "group-offsets");
      const output = await createTopic(client, "group-output");
      await write(topic, 0, ["in0", "in1"]);
      const groupId = uniqueName("group");
      const producer = await pool.producer(uniqueName("processor"));
      const processing = await member(groupId, [topic], async (batch, self) => {
        const transaction = await producer.begin();
        await transaction.send([
          {
            topic: output,
            partition: 0,
            records: batch.records.map((record) => textRecord(`out-${record.value}`)),
          },
        ]);
        await transaction.sendOffsets(
          [{ topic, partition: 0, offset: batch.nextOffset }],
          self.consumer.groupMetadata(),
        );
        await transaction.commit();
        return batch.nextOffset;
      });
      await eventually("both inputs are processed", () => processing.records.length >= 2);
      const admin = await client.admin();
      try {
        let committed: bigint | undefined;
        const deadline = Date.now() + 15_000;
        while (committed === undefined && Date.now() < deadline) {
          [committed] = (await admin.listGroupOffsets(groupId, [{ topic, partition: 0 }])).map(
            (one) => one.offset,
          );
          if (committed === undefined) await sleep(200);
        }
        // Past the last input and the transaction's marker the batch may end with.
        expect(committed).toBeGreaterThanOrEqual(2n);
      } finally {
        await admin.close();
      }
      await processing.consumer.close();
      members = members.filter((one) => one !== processing);

      await write(topic, 0, ["in2"]);
      const next = await member(groupId, [topic]);
      await eventually("the new member reads the new input", () => next.records.length >= 1);
      await sleep(500);
      expect(values(next.records)).toEqual(["in2"]);
    });
  });
}
