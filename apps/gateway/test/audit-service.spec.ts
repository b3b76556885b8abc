import { setTimeout as sleep } from "node:timers/promises";
import { AuditService, type RunAuditResponse, ServiceClient } from "@onceport/api";
import { fromGrpcError } from "@onceport/errors";
import type { TransactionalProducer } from "@onceport/kafka";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import {
  createTopics,
  devKafkaClient,
  uniqueTopicName,
  uniqueTransactionalId,
  writeCommitted,
} from "@onceport/kafka-dev/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { record } from "./support/records.ts";
import { startTestGateway, type TestGateway, uniqueId } from "./support/test-gateway.ts";

/** Runs an audit through the gateway's AuditService; resolves with every message of the stream. */
function runAudit(address: string, topics: string[], ledgerJsonl = ""): Promise<RunAuditResponse[]> {
  const client = new ServiceClient(AuditService, address);
  const call = client.serverStream("runAudit", { topics, ledgerJsonl, lsoGraceMs: 1000n });
  const messages: RunAuditResponse[] = [];
  return new Promise((resolve, reject) => {
    call.on("data", (message: RunAuditResponse) => messages.push(message));
    call.on("end", () => {
      client.close();
      resolve(messages);
    });
    call.on("error", (error: unknown) => {
      client.close();
      reject(fromGrpcError(error));
    });
  });
}

function reportOf(messages: RunAuditResponse[]) {
  const last = messages.at(-1);
  if (last?.kind.case !== "report") throw new Error("the stream did not end with a report");
  return last.kind.value;
}

describe("the Audit gRPC service (real broker)", () => {
  let test: TestGateway;

  beforeAll(async () => {
    test = await startTestGateway();
  });
  afterAll(async () => {
    await test?.stop();
  });

  it("passes a topic written through the gateway, with the ledger of what it acknowledged", async () => {
    const topic = uniqueTopicName("audited");
    await createTopics(LOCAL_BROKERS, [{ topic, numPartitions: 2 }]);
    const clientId = uniqueId("client");
    const { sessionId } = await test.client.call("openSession", { clientId });
    const published = await test.client.call("publish", {
      sessionId,
      idempotencyKey: uniqueId("key"),
      records: [record(topic, "a"), record(topic, "b"), record(topic, "c")],
    });
    const ledger = published.results
      .map((result) =>
        JSON.stringify({ messageId: result.messageId, clientId, topic, outcome: "acknowledged" }),
      )
      .join("\n");
    const messages = await runAudit(test.gateway.address, [topic], ledger);
    expect(messages.some((message) => message.kind.case === "progress")).toBe(true);
    const report = reportOf(messages);
    expect(report.verdict).toBe("PASS");
    expect(report.anomalies).toBe(0n);
    expect(JSON.parse(report.json).records.committed).toBe(3);
  });

  it("fails a topic holding a duplicate and names it", async () => {
    const topic = uniqueTopicName("doubled");
    await createTopics(LOCAL_BROKERS, [{ topic }]);
    const copy = {
      topic,
      value: "twice",
      headers: [
        { key: "onceport-message-id", value: "m-1" },
        { key: "onceport-client-id", value: "c" },
      ],
    };
    await writeCommitted(LOCAL_BROKERS, [copy, copy]);

    const report = reportOf(await runAudit(test.gateway.address, [topic]));
    expect(report.verdict).toBe("FAIL");
    expect(report.anomalies).toBe(1n);
    expect(report.text).toContain("m-1");
  });

  it("refuses an audit of no topic with INVALID_ARGUMENT", async () => {
    await expect(runAudit(test.gateway.address, [])).rejects.toMatchObject({ reason: "INVALID_ARGUMENT" });
  });
});

describe("the Audit gRPC service's slots (real broker)", () => {
  let test: TestGateway;
  let producer: TransactionalProducer;

  beforeAll(async () => {
    test = await startTestGateway({ "max-audits": "1" });
    producer = await (await devKafkaClient(LOCAL_BROKERS, "audit-slots", "producer")).transactionalProducer({
      transactionalId: uniqueTransactionalId("audit-slots"),
      transactionTimeoutMs: 60_000,
    });
  });
  afterAll(async () => {
    await producer?.close();
    await test?.stop();
  });

  it("gives a cancelled audit's slot back at once, not when the audit would have ended", async () => {
    // A transaction left open: an audit of its topic waits out its LSO grace (30 s here).
    const held = uniqueTopicName("audit-held");
    const clean = uniqueTopicName("audit-clean");
    await createTopics(LOCAL_BROKERS, [{ topic: held }, { topic: clean }]);
    const open = await producer.begin();
    await open.send([
      { topic: held, partition: 0, records: [{ key: null, value: Buffer.from("open"), headers: [] }] },
    ]);
    const client = new ServiceClient(AuditService, test.gateway.address);
    try {
      const waiting = client.serverStream("runAudit", {
        topics: [held],
        ledgerJsonl: "",
        lsoGraceMs: 30_000n,
      });
      waiting.on("error", () => {});
      // Its read of one record is over within a second or two; then it waits for the LSO.
      await new Promise<void>((resolve) => {
        waiting.once("data", () => resolve());
      });
      await sleep(2_000);
      // The only slot is taken: a second audit now is refused.
      await expect(runAudit(test.gateway.address, [clean])).rejects.toMatchObject({
        reason: "AUDIT_LIMIT_REACHED",
      });
      waiting.cancel();
      await sleep(1_000);
      expect(reportOf(await runAudit(test.gateway.address, [clean])).verdict).toBe("PASS");
    } finally {
      client.close();
      await open.abort();
    }
  });
});
