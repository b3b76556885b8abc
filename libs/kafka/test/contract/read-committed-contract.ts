// The reader side of the contract: read_committed must never deliver a record of an aborted
// transaction, whatever order transactions end in, and must read past what it hides. The four
// scenarios are the ones that found wrong answers in kafkajs and @platformatic/kafka
// (shared kafka-notes.md): each is built with two transactional producers on one partition.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { AdapterName, KafkaClient, TransactionalProducer } from "../../src/index.ts";
import {
  contractClient,
  createTopic,
  ProducerPool,
  readToEnd,
  textRecord,
  uniqueName,
  values,
} from "./contract-kit.ts";

/**
 * The scenarios read with `adapter`, written by `writerAdapter`: kafkajs by default, so the
 * reader is judged on the same bytes whatever it is; each adapter's spec also runs them with
 * itself writing.
 */
export function describeReadCommittedContract(
  adapter: AdapterName,
  writerAdapter: AdapterName = "kafkajs",
): void {
  describe(`${adapter}: read_committed, ${writerAdapter} writing`, () => {
    let reader: KafkaClient;
    let writer: KafkaClient;
    let pool: ProducerPool;

    beforeAll(async () => {
      reader = await contractClient(adapter);
      writer = await contractClient(writerAdapter);
      pool = new ProducerPool(writer);
    });
    afterEach(async () => {
      await pool.closeAll();
    });
    afterAll(async () => {
      await pool?.closeAll();
    });

    async function write(producer: TransactionalProducer, topic: string, texts: readonly string[]) {
      const transaction = await producer.begin();
      await transaction.send([{ topic, partition: 0, records: texts.map((text) => textRecord(text)) }]);
      return transaction;
    }

    it("hides transactions aborted out of order", async () => {
      const topic = await createTopic(writer, "rc-out-of-order");
      const a = await pool.producer(uniqueName("a"));
      const b = await pool.producer(uniqueName("b"));
      const ta = await write(a, topic, ["a1"]);
      const tb = await write(b, topic, ["b1"]);
      await ta.send([{ topic, partition: 0, records: [textRecord("a2")] }]);
      await tb.abort();
      await ta.abort();
      const tc = await write(b, topic, ["b2"]);
      await tc.commit();
      expect(values((await readToEnd(reader, topic, "read_committed")).records)).toEqual(["b2"]);
    });

    it("hides two aborted transactions of one producer around a committed one", async () => {
      const topic = await createTopic(writer, "rc-two-aborts");
      const p = await pool.producer(uniqueName("p"));
      await (await write(p, topic, ["x1", "x2"])).abort();
      await (await write(p, topic, ["y1"])).commit();
      await (await write(p, topic, ["z1", "z2", "z3"])).abort();
      await (await write(p, topic, ["w1"])).commit();
      const read = await readToEnd(reader, topic, "read_committed");
      expect(values(read.records)).toEqual(["y1", "w1"]);
      // Past both aborts and every marker: 0-1 x, 2 abort, 3 y1, 4 commit, 5-7 z, 8 abort, 9 w1, 10 commit.
      expect(read.ends.get(0)).toBe(11n);
    });

    it("delivers a commit that lies inside an aborted transaction's range", async () => {
      const topic = await createTopic(writer, "rc-commit-inside-abort");
      const a = await pool.producer(uniqueName("a"));
      const b = await pool.producer(uniqueName("b"));
      const ta = await write(a, topic, ["a1"]);
      const tb = await write(b, topic, ["b1"]);
      await tb.commit();
      await ta.send([{ topic, partition: 0, records: [textRecord("a2")] }]);
      await ta.abort();
      const tc = await write(b, topic, ["b2"]);
      await tc.commit();
      expect(values((await readToEnd(reader, topic, "read_committed")).records)).toEqual(["b1", "b2"]);
    });

    it("hides an aborted transaction larger than one fetch", async () => {
      const topic = await createTopic(writer, "rc-large-abort");
      const p = await pool.producer(uniqueName("p"));
      const big = Array.from({ length: 600 }, (_, index) => `aborted-${index}-${"y".repeat(1000)}`);
      await (await write(p, topic, ["before"])).commit();
      const aborted = await p.begin();
      for (let start = 0; start < big.length; start += 100) {
        await aborted.send([
          { topic, partition: 0, records: big.slice(start, start + 100).map((t) => textRecord(t)) },
        ]);
      }
      await aborted.abort();
      await (await write(p, topic, ["after"])).commit();
      const read = await readToEnd(reader, topic, "read_committed", { maxBytesPerPartition: 64 * 1024 });
      expect(values(read.records)).toEqual(["before", "after"]);
    });
  });
}
