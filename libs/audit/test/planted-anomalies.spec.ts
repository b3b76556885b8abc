// Every check shown able to fail: for each, real records on the real broker (the Kafka seam's
// transactional producers) and a ledger that together hold exactly one anomaly, audited: FAIL,
// naming that check alone; and the same data without the anomaly: PASS.
import { randomBytes } from "node:crypto";
import { uniqueTransactionalId } from "@onceport/kafka-dev/testing";
import { describe, expect, it } from "vitest";
import type { LedgerEntry } from "../src/ledger/ledger-entry.ts";
import { type AnomalyKind, type CheckName, checkNames } from "../src/report/anomaly.ts";
import type { AuditOptions } from "../src/run-audit.ts";
import { commitGroupOffset } from "./support/group-offset.ts";
import {
  acknowledged,
  audit,
  found,
  newTopic,
  outgoing,
  type Plant,
  processHeaders,
  record,
  sendInTransaction,
  txProducer,
  untilStable,
  writeCommitted,
  writeLedger,
  writerClient,
} from "./support/plant.ts";

interface Planted {
  readonly topics: string[];
  readonly ledger?: readonly LedgerEntry[];
  readonly options?: Partial<AuditOptions>;
}

interface Case {
  readonly name: string;
  readonly check: CheckName;
  readonly kind: AnomalyKind;
  /** Writes the data (on fresh topics), with the anomaly or without it. */
  readonly plant: (anomaly: boolean) => Promise<Planted>;
}

/** A ledger line of an outcome other than acknowledged, as the fault suite's clients write them. */
const line = (topic: string, messageId: string, outcome: "failed" | "unknown", sequence: number) => ({
  messageId,
  clientId: "client-1",
  topic,
  outcome,
  partition: 0,
  sequence,
});

/** Inputs 0 and 1 of a Process group, one output each, written committed; its group and topics. */
async function processRun(prefix: string) {
  const input = await newTopic(`${prefix}-in`);
  const output = await newTopic(`${prefix}-out`);
  const group = `${prefix}-${randomBytes(3).toString("hex")}`;
  await writeCommitted(input, [{ value: "in 0" }, { value: "in 1" }]);
  const out = (offset: number): Plant => ({
    value: `out ${offset}`,
    headers: processHeaders(group, { topic: input, partition: 0, offset }, 0),
  });
  await writeCommitted(output, [out(0), out(1)]);
  return { input, output, group, out };
}

const cases: Case[] = [
  {
    name: "a record written twice",
    check: "duplicates",
    kind: "duplicate",
    plant: async (anomaly) => {
      const topic = await newTopic("planted-dup");
      const at = await writeCommitted(topic, [record("d0"), record("d1")]);
      // A second copy in a transaction of its own, as a retry that wrote again would leave it.
      if (anomaly) await writeCommitted(topic, [record("d1")]);
      return {
        topics: [topic],
        ledger: [acknowledged(topic, "d0", 0, at[0] ?? -1, 0), acknowledged(topic, "d1", 0, at[1] ?? -1, 1)],
      };
    },
  },
  {
    name: "an acknowledged write whose transaction was aborted",
    check: "lostWrites",
    kind: "lost",
    plant: async (anomaly) => {
      const topic = await newTopic("planted-lost");
      const producer = await txProducer();
      try {
        const [w0] = await sendInTransaction(producer, topic, [record("w0")]);
        // The writer was told "acknowledged" either way; with the anomaly, Kafka holds the record
        // in an aborted transaction (the very bug the broker-bounce scenario once found).
        const [w1] = await sendInTransaction(producer, topic, [record("w1")], anomaly ? "abort" : "commit");
        return {
          topics: [topic],
          ledger: [acknowledged(topic, "w0", 0, w0 ?? -1, 0), acknowledged(topic, "w1", 0, w1 ?? -1, 1)],
        };
      } finally {
        await producer.close();
      }
    },
  },
  {
    name: "a failed write made visible (its ledger lines an intent, then the failure)",
    check: "abortedVisible",
    kind: "failed-visible",
    plant: async (anomaly) => {
      const topic = await newTopic("planted-failed");
      const producer = await txProducer();
      try {
        const [ok] = await sendInTransaction(producer, topic, [record("ok")]);
        await sendInTransaction(producer, topic, [record("f")], anomaly ? "commit" : "abort");
        return {
          topics: [topic],
          // What a client process writes: "unknown" before it sends, then what it learnt. The
          // last word, failed, is what is judged (outcomeAfter).
          ledger: [
            acknowledged(topic, "ok", 0, ok ?? -1, 0),
            line(topic, "f", "unknown", 1),
            line(topic, "f", "failed", 1),
          ],
        };
      } finally {
        await producer.close();
      }
    },
  },
  {
    name: "an unknown outcome written twice",
    check: "unknownOutcomes",
    kind: "unknown-twice",
    plant: async (anomaly) => {
      const topic = await newTopic("planted-unknown");
      const [a0] = await writeCommitted(topic, [record("a0"), record("u")]);
      if (anomaly) await writeCommitted(topic, [record("u")]);
      return {
        topics: [topic],
        ledger: [acknowledged(topic, "a0", 0, a0 ?? -1, 0), line(topic, "u", "unknown", 1)],
      };
    },
  },
  {
    name: "a client's records out of order",
    check: "order",
    kind: "backwards",
    plant: async (anomaly) => {
      const topic = await newTopic("planted-order");
      // The client wrote s0, s1, s2 in that order; with the anomaly the log holds s0, s2, s1.
      const ids = anomaly ? ["s0", "s2", "s1"] : ["s0", "s1", "s2"];
      const at = await writeCommitted(
        topic,
        ids.map((id) => record(id)),
      );
      return {
        topics: [topic],
        ledger: ids.map((id, index) => acknowledged(topic, id, 0, at[index] ?? -1, Number(id.slice(1)))),
      };
    },
  },
  {
    name: "a Process output written twice",
    check: "duplicates",
    kind: "duplicate",
    plant: async (anomaly) => {
      const run = await processRun("planted-ctp-twice");
      // Input 1's output again, in a transaction of its own: a worker's batch committed twice.
      if (anomaly) await writeCommitted(run.output, [run.out(1)]);
      await commitGroupOffset(run.group, run.input, 2);
      return { topics: [run.output] };
    },
  },
  {
    name: "a Process group's offset behind its outputs (a restart would write them again)",
    check: "consumeTransformProduce",
    kind: "offsets-behind-outputs",
    plant: async (anomaly) => {
      const run = await processRun("planted-ctp-behind");
      await commitGroupOffset(run.group, run.input, anomaly ? 1 : 2);
      return { topics: [run.output] };
    },
  },
  {
    name: "more unknown outcomes than the bound (10%)",
    check: "unknownOutcomes",
    kind: "too-many-unknown",
    plant: async (anomaly) => {
      const topic = await newTopic("planted-unknown-share");
      // Ten writes: k9's outcome unknown (1 of 10, at the bound: passes); with the anomaly, k8's
      // too (2 of 10), neither of them written.
      const written = anomaly ? 8 : 9;
      const ids = Array.from({ length: 10 }, (_, i) => `k${i}`);
      const at = await writeCommitted(
        topic,
        ids.slice(0, written).map((id) => record(id)),
      );
      return {
        topics: [topic],
        ledger: ids.map((id, i) =>
          i < written ? acknowledged(topic, id, 0, at[i] ?? -1, i) : line(topic, id, "unknown", i),
        ),
        options: { maxUnknownShare: 0.1 },
      };
    },
  },
];

async function auditPlanted(planted: Planted) {
  const ledger = planted.ledger === undefined ? {} : { ledger: await writeLedger(planted.ledger) };
  return await audit(planted.topics, { ...ledger, ...planted.options });
}

describe("planted anomalies: every check can fail", () => {
  it.each(cases)("$name: FAIL naming $check ($kind), PASS without it", async ({ check, kind, plant }) => {
    const clean = await auditPlanted(await plant(false));
    expect(found(clean)).toEqual({});
    expect(clean.verdict).toBe("PASS");
    const planted = await auditPlanted(await plant(true));
    expect(found(planted)).toEqual({ [check]: { [kind]: 1 } });
    expect(planted.verdict).toBe("FAIL");
  });

  it("a transaction an abandoned producer left open: FAIL naming hangingTransactions (lso-stuck), PASS without it and once ended", async () => {
    const topic = await newTopic("planted-hanging");
    const [h0] = await writeCommitted(topic, [record("h0")]);
    // The writer learnt nothing of h1 before it went away: unknown.
    const ledger = await writeLedger([
      acknowledged(topic, "h0", 0, h0 ?? -1, 0),
      line(topic, "h1", "unknown", 1),
    ]);
    expect(found(await audit([topic], { ledger }))).toEqual({});

    const transactionalId = uniqueTransactionalId("planted-abandoned");
    const producerOf = async () =>
      await (await writerClient()).transactionalProducer({ transactionalId, transactionTimeoutMs: 300_000 });
    const abandoned = await producerOf();
    try {
      await abandoned.init();
      const open = await abandoned.begin();
      const [sent] = await open.send([{ topic, partition: 0, records: [outgoing(record("h1"))] }]);
      // Abandoned: neither committed, aborted nor closed. Its coordinator would abort it after
      // its transaction timeout (5 minutes here); the audit does not wait for that. The LSO
      // check fails a partition whose LSO has not reached the high watermark it had when the
      // audit began within lsoGraceMs of the audit's start: 1 s here (15 s by default, the fault
      // suite's too), which is what makes the anomaly land at once. (Kafka's find-hanging would
      // not report it: it reports only transactions older than its --max-transaction-timeout
      // that their coordinator no longer lists, and this one's coordinator lists it as ongoing.)
      const report = await audit([topic], { ledger, lsoGraceMs: 1000 });
      expect(found(report)).toEqual({ hangingTransactions: { "lso-stuck": 1 } });
      expect(report.verdict).toBe("FAIL");

      // The writer's next producer (the same transactional id) fences the abandoned one, and the
      // coordinator aborts the transaction it left open: the LSO moves past its abort marker.
      const next = await producerOf();
      await next.init();
      await next.close();
      await untilStable(topic, 0, Number(sent?.baseOffset ?? 0) + 2);
      const after = await audit([topic], { ledger });
      expect(found(after)).toEqual({});
      expect(after.records).toMatchObject({ committed: 1, aborted: 1 });
    } finally {
      await abandoned.close().catch(() => undefined);
    }
  });

  it("covers every check the audit has", () => {
    const covered = new Set<CheckName>([...cases.map((c) => c.check), "hangingTransactions"]);
    expect([...covered].sort()).toEqual([...checkNames].sort());
  });
});
