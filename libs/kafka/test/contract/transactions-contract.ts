// The producer side of the contract: what Onceport needs of a transactional producer, on the
// real broker. Each adapter's spec file runs it (see *.int.spec.ts beside this file).
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type AdapterName, isKafkaError, type KafkaClient } from "../../src/index.ts";
import {
  contractClient,
  createTopic,
  ProducerPool,
  readToEnd,
  textRecord,
  uniqueName,
  values,
} from "./contract-kit.ts";

async function expectFenced(attempt: Promise<unknown>): Promise<void> {
  const error = await attempt.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, "the zombie's call succeeded").toBeDefined();
  expect(isKafkaError(error) ? error.kind : `not a KafkaError: ${String(error)}`).toBe("fenced");
}

export function describeTransactionsContract(adapter: AdapterName): void {
  describe(`${adapter}: transactional producer`, () => {
    let client: KafkaClient;
    let pool: ProducerPool;

    beforeAll(async () => {
      client = await contractClient(adapter);
    });
    afterEach(async () => {
      await pool.closeAll();
    });
    beforeAll(() => {
      pool = new ProducerPool(client);
    });

    it("commits what read_committed then reads, and hides an aborted transaction", async () => {
      const topic = await createTopic(client, "contract-commit");
      const producer = await pool.producer(uniqueName("txn"));
      const first = await producer.begin();
      const sent = await first.send([{ topic, partition: 0, records: [textRecord("c1"), textRecord("c2")] }]);
      expect(sent).toEqual([{ topic, partition: 0, baseOffset: 0n, count: 2 }]);
      await first.commit();
      const second = await producer.begin();
      await second.send([{ topic, partition: 0, records: [textRecord("a1")] }]);
      await second.abort();
      const third = await producer.begin();
      const [landed] = await third.send([{ topic, partition: 0, records: [textRecord("c3")] }]);
      await third.commit();
      // Offsets 2 (commit marker), 3 (a1), 4 (abort marker): c3 lands at 5.
      expect(landed?.baseOffset).toBe(5n);

      expect(values((await readToEnd(client, topic, "read_committed")).records)).toEqual(["c1", "c2", "c3"]);
      expect(values((await readToEnd(client, topic, "read_uncommitted")).records)).toEqual([
        "c1",
        "c2",
        "a1",
        "c3",
      ]);
    });

    it("fences a zombie: once another producer of its id initialised, it can neither send nor commit", async () => {
      const topic = await createTopic(client, "contract-fence");
      const id = uniqueName("txn");
      const zombie = await pool.producer(id);
      await zombie.init();
      const open = await zombie.begin();
      await open.send([{ topic, partition: 0, records: [textRecord("zombie-open")] }]);

      const successor = await pool.producer(id);
      await successor.init();
      await expectFenced(
        (async () => {
          await open.send([{ topic, partition: 0, records: [textRecord("zombie-late")] }]);
          await open.commit();
        })(),
      );
      const mine = await successor.begin();
      await mine.send([{ topic, partition: 0, records: [textRecord("successor")] }]);
      await mine.commit();
      expect(values((await readToEnd(client, topic, "read_committed")).records)).toEqual(["successor"]);
    });

    // Another path to the same verdict: the partition has to be added to the transaction first
    // (AddPartitionsToTxn), and the coordinator refuses that, not the partition's leader.
    it("a fenced zombie's send to a partition new to its transaction fails fenced", async () => {
      const topic = await createTopic(client, "contract-fence-new", 2);
      const id = uniqueName("txn");
      const zombie = await pool.producer(id);
      const open = await zombie.begin();
      await open.send([{ topic, partition: 0, records: [textRecord("zombie-open")] }]);

      const successor = await pool.producer(id);
      await successor.init();
      await expectFenced(open.send([{ topic, partition: 1, records: [textRecord("zombie-late")] }]));
      await expectFenced(open.commit());
      const mine = await successor.begin();
      await mine.send([{ topic, partition: 1, records: [textRecord("successor")] }]);
      await mine.commit();
      const read = await readToEnd(client, topic, "read_committed", { partitions: 2 });
      expect(values(read.records)).toEqual(["successor"]);
    });

    it("lets a new producer take over an id after a clean close", async () => {
      const topic = await createTopic(client, "contract-close");
      const id = uniqueName("txn");
      const first = await pool.producer(id);
      const transaction = await first.begin();
      await transaction.send([{ topic, partition: 0, records: [textRecord("first")] }]);
      await transaction.commit();
      await first.close();

      const second = await pool.producer(id);
      const next = await second.begin();
      await next.send([{ topic, partition: 0, records: [textRecord("second")] }]);
      await next.commit();
      expect(values((await readToEnd(client, topic, "read_committed")).records)).toEqual(["first", "second"]);
    });

    it("takes over after a crash: the new producer's init aborts the transaction left open", async () => {
      const topic = await createTopic(client, "contract-crash");
      const id = uniqueName("txn");
      const crashed = await pool.producer(id);
      const left = await crashed.begin();
      await left.send([{ topic, partition: 0, records: [textRecord("left-open")] }]);
      // The crashed producer is never closed before the takeover: as after SIGKILL.

      const successor = await pool.producer(id);
      await successor.init();
      const mine = await successor.begin();
      await mine.send([{ topic, partition: 0, records: [textRecord("after-crash")] }]);
      await mine.commit();
      // The LSO moved past the abandoned transaction: readToEnd reaches the high watermark.
      const read = await readToEnd(client, topic, "read_committed");
      expect(values(read.records)).toEqual(["after-crash"]);
    });

    it("keeps a commit whose answer the caller never saw: a successor's init does not undo it", async () => {
      const topic = await createTopic(client, "contract-ambiguous");
      const id = uniqueName("txn");
      const first = await pool.producer(id);
      const transaction = await first.begin();
      await transaction.send([{ topic, partition: 0, records: [textRecord("committed-unseen")] }]);
      const commit = transaction.commit();
      // The caller takes over without waiting for the answer (as after a lost response).
      const successor = await pool.producer(id);
      await successor.init();
      const outcome = await commit.then(
        () => "committed",
        (error: unknown) => (isKafkaError(error) ? error.kind : "other"),
      );
      const read = values((await readToEnd(client, topic, "read_committed")).records);
      // Either the commit landed before the takeover (then it stays, exactly once), or the
      // successor's init aborted it and the first producer was told it was fenced.
      if (outcome === "committed") expect(read).toEqual(["committed-unseen"]);
      else expect({ outcome, read }).toEqual({ outcome: "fenced", read: [] });
    });

    it("commits a transaction open longer than 5 s", { timeout: 60_000 }, async () => {
      const topic = await createTopic(client, "contract-long");
      const producer = await pool.producer(uniqueName("txn"), 60_000);
      const transaction = await producer.begin();
      await transaction.send([{ topic, partition: 0, records: [textRecord("early")] }]);
      await sleep(6500);
      await transaction.send([{ topic, partition: 0, records: [textRecord("late")] }]);
      await transaction.commit();
      expect(values((await readToEnd(client, topic, "read_committed")).records)).toEqual(["early", "late"]);
    });

    it("writes one transaction across partitions, each batch where it says it landed", async () => {
      const topic = await createTopic(client, "contract-partitions", 3);
      const producer = await pool.producer(uniqueName("txn"));
      const transaction = await producer.begin();
      const sent = await transaction.send([
        { topic, partition: 2, records: [textRecord("p2-a"), textRecord("p2-b")] },
        { topic, partition: 0, records: [textRecord("p0-a")] },
        { topic, partition: 1, records: [textRecord("p1-a")] },
        { topic, partition: 2, records: [textRecord("p2-c")] },
      ]);
      await transaction.commit();
      expect(sent).toEqual([
        { topic, partition: 2, baseOffset: 0n, count: 2 },
        { topic, partition: 0, baseOffset: 0n, count: 1 },
        { topic, partition: 1, baseOffset: 0n, count: 1 },
        { topic, partition: 2, baseOffset: 2n, count: 1 },
      ]);
      const read = (await readToEnd(client, topic, "read_committed", { partitions: 3 })).records;
      const byPartition = (partition: number) => values(read.filter((r) => r.partition === partition));
      expect([byPartition(0), byPartition(1), byPartition(2)]).toEqual([
        ["p0-a"],
        ["p1-a"],
        ["p2-a", "p2-b", "p2-c"],
      ]);
    });

    it("sends a large batch: 5,000 records of 1 KiB in one send", async () => {
      const topic = await createTopic(client, "contract-large");
      const producer = await pool.producer(uniqueName("txn"));
      const transaction = await producer.begin();
      const payload = "x".repeat(1019);
      const records = Array.from({ length: 5000 }, (_, index) =>
        textRecord(`${String(index).padStart(5, "0")}${payload}`),
      );
      const sent = await transaction.send([{ topic, partition: 0, records }]);
      await transaction.commit();
      // Above the broker's 1 MiB batch limit: sent as runs of consecutive offsets, in order.
      expect(sent.reduce((sum, run) => sum + run.count, 0)).toBe(5000);
      let next = 0n;
      for (const run of sent) {
        expect(run).toMatchObject({ topic, partition: 0 });
        expect(run.baseOffset).toBeGreaterThanOrEqual(next);
        next = run.baseOffset + BigInt(run.count);
      }
      const read = (await readToEnd(client, topic, "read_committed")).records;
      expect(read.map((record) => record.offset)).toEqual(records.map((_, index) => BigInt(index)));
      expect(read.map((record) => record.value?.subarray(0, 5).toString())).toEqual(
        records.map((record) => record.value?.subarray(0, 5).toString()),
      );
    });

    it("keeps keys and headers as sent: repeated names, prototype names, empty and null values", async () => {
      const topic = await createTopic(client, "contract-headers");
      const producer = await pool.producer(uniqueName("txn"));
      const headers = [
        { key: "trace", value: Buffer.from("one") },
        { key: "trace", value: Buffer.from("two") },
        { key: "__proto__", value: Buffer.from("proto") },
        { key: "toString", value: Buffer.from("ts") },
        { key: "constructor", value: Buffer.from("ctor") },
        { key: "hasOwnProperty", value: Buffer.alloc(0) },
        { key: "binary", value: Buffer.from([0, 255, 1, 254]) },
      ];
      const transaction = await producer.begin();
      await transaction.send([
        {
          topic,
          partition: 0,
          records: [
            { key: Buffer.from("k1"), value: Buffer.from("v1"), headers },
            { key: null, value: null, headers: [] },
          ],
        },
      ]);
      await transaction.commit();
      const [first, second] = (await readToEnd(client, topic, "read_committed")).records;
      expect(first?.key?.toString()).toBe("k1");
      expect(first?.headers.map((header) => [header.key, header.value?.toString("hex") ?? null])).toEqual(
        headers.map((header) => [header.key, header.value?.toString("hex") ?? null]),
      );
      expect(second?.key).toBeNull();
      expect(second?.value).toBeNull();
      expect(second?.headers).toEqual([]);
    });

    // kafkajs 2.2.4 cannot size such a header; librdkafka writes it right but reads it back as
    // an empty value (its binding builds both alike, src/common.cc); @platformatic/kafka keeps it.
    it("writes a header without a value as one, or refuses it before sending (kafkajs)", async () => {
      const topic = await createTopic(client, "contract-null-header");
      const producer = await pool.producer(uniqueName("txn"));
      const transaction = await producer.begin();
      const headers = [{ key: "no-value", value: null }];
      const sending = transaction.send([
        { topic, partition: 0, records: [{ key: null, value: Buffer.from("v"), headers }] },
      ]);
      if (adapter === "kafkajs") {
        const error = await sending.catch((caught: unknown) => caught);
        expect(isKafkaError(error) ? [error.kind, error.retriable] : String(error)).toEqual([
          "invalid-argument",
          false,
        ]);
        await transaction.abort();
        expect(values((await readToEnd(client, topic, "read_uncommitted")).records)).toEqual([]);
        return;
      }
      await sending;
      await transaction.commit();
      const [record] = (await readToEnd(client, topic, "read_committed")).records;
      const readBack = adapter === "librdkafka" ? Buffer.alloc(0) : null;
      expect(record?.headers).toEqual([{ key: "no-value", value: readBack }]);
      // What was written is a header without a value, whoever reads it back.
      const [asWritten] = (await readToEnd(await contractClient("platformatic"), topic, "read_committed"))
        .records;
      expect(asWritten?.headers).toEqual([{ key: "no-value", value: null }]);
    });

    it("commits a group's offsets only with its transaction", async () => {
      const topic = await createTopic(client, "contract-offsets", 2);
      const output = await createTopic(client, "contract-offsets-out");
      const groupId = uniqueName("group");
      const producer = await pool.producer(uniqueName("txn"));
      const aborted = await producer.begin();
      await aborted.send([{ topic: output, partition: 0, records: [textRecord("out-aborted")] }]);
      await aborted.sendOffsets([{ topic, partition: 0, offset: 99n }], { groupId });
      await aborted.abort();
      const committed = await producer.begin();
      await committed.send([{ topic: output, partition: 0, records: [textRecord("out-committed")] }]);
      await committed.sendOffsets(
        [
          { topic, partition: 0, offset: 7n },
          { topic, partition: 1, offset: 3n },
        ],
        { groupId },
      );
      await committed.commit();

      const admin = await client.admin();
      try {
        const offsets = await admin.listGroupOffsets(groupId, [
          { topic, partition: 0 },
          { topic, partition: 1 },
        ]);
        expect([...offsets].sort((a, b) => a.partition - b.partition)).toEqual([
          { topic, partition: 0, offset: 7n },
          { topic, partition: 1, offset: 3n },
        ]);
      } finally {
        await admin.close();
      }
      expect(values((await readToEnd(client, output, "read_committed")).records)).toEqual(["out-committed"]);
    });

    afterAll(async () => {
      await pool?.closeAll();
    });
  });
}
