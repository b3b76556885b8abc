import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { clientIdHeader, messageIdHeader } from "@onceport/audit";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import { createTopics, uniqueTopicName, writeCommitted } from "@onceport/kafka-dev/testing";
import { afterAll, describe, expect, it } from "vitest";
import { ledgerEntries } from "../load/ledger-entries.ts";
import { LedgerFile } from "../load/ledger-file.ts";
import { type ClientPlan, plannedPublish, publishCount } from "../load/plan.ts";
import { auditFailure, auditScenario, unknownShareBound } from "./audit-scenario.ts";

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/**
 * A load client's run planted on the local broker: 100 publishes of 10 records, each ledgered as
 * a client process does (an "unknown" intent, then what it learnt); the last `unknown` publishes
 * never answered, and never written.
 */
async function plantRun(unknown: number) {
  const topic = uniqueTopicName("faults-unknown-share");
  await createTopics(LOCAL_BROKERS, [{ topic, numPartitions: 1 }]);
  const plan: ClientPlan = {
    clientId: "c0",
    kind: "publish",
    topic,
    partitions: 1,
    records: 1000,
    recordsPerPublish: 10,
    valueBytes: 20,
  };
  const workDir = await mkdtemp(join(tmpdir(), "faults-audit-"));
  dirs.push(workDir);
  const ledger = new LedgerFile(join(workDir, "ledger.jsonl"));
  const answered = publishCount(plan) - unknown;
  const publishes = Array.from({ length: publishCount(plan) }, (_, number) => plannedPublish(plan, number));
  const written = publishes.slice(0, answered).flatMap((publish) => publish.records);
  const [sent] = await writeCommitted(
    LOCAL_BROKERS,
    written.map((record) => ({
      topic,
      value: record.value,
      headers: [
        { key: messageIdHeader, value: record.messageId },
        { key: clientIdHeader, value: plan.clientId },
      ],
    })),
  );
  let offset = BigInt(sent?.baseOffset ?? 0);
  for (const [number, publish] of publishes.entries()) {
    ledger.write(ledgerEntries(plan, publish, "unknown"));
    if (number >= answered) continue;
    const results = publish.records.map((record) => ({
      topic,
      partition: 0,
      offset: String(offset++),
      messageId: record.messageId,
    }));
    ledger.write(ledgerEntries(plan, publish, "acknowledged", results));
  }
  ledger.close();
  return await auditScenario({
    brokers: LOCAL_BROKERS,
    topics: [topic],
    ledgerPath: ledger.path,
    workDir,
    lsoGraceMs: 1000,
    findHanging: false,
  });
}

describe("the fault suite's audit verdict", () => {
  it(`fails a run where more than ${unknownShareBound * 100}% of the publishes ended unknown`, async () => {
    // 1 publish of 100: at the bound.
    const atBound = await plantRun(1);
    expect(atBound.verdict).toBe("PASS");
    expect(atBound.ledger).toMatchObject({ acknowledged: 990, unknown: 10, unknownNeverRead: 10 });
    // 2 of 100: beyond it, though every check of the data itself passes.
    const beyond = await plantRun(2);
    expect(beyond.verdict).toBe("FAIL");
    expect(beyond.checks.unknownOutcomes).toMatchObject({ status: "failed", kinds: "too-many-unknown 1" });
    expect(auditFailure(beyond)).toBe("audit FAIL: unknownOutcomes 1 (too-many-unknown 1)");
    expect(beyond.examples[0]).toContain("20 of 1000 writes (2%) ended with their outcome unknown");
  });
});
