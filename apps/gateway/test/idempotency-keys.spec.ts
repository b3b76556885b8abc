import { randomUUID } from "node:crypto";
import { expectAuditPass, publishWrites, WriteLedger } from "@onceport/audit/testing";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import { createTopics, readCommitted, uniqueTopicName } from "@onceport/kafka-dev/testing";
import { describe, expect, it } from "vitest";
import { freePort } from "./support/free-port.ts";
import { type GatewayProcess, useGatewayProcesses } from "./support/gateway-process.ts";
import { record } from "./support/records.ts";
import { openRequest, publishRequest, runStream } from "./support/run-stream.ts";
import { uniqueId } from "./support/test-gateway.ts";

/** Room for two or three keys of one record: the rest of a client's keys are evicted to its filter. */
const tinyKeyMemory = { "receipts-memory-per-client-bytes": "1024" };

describe("idempotency keys: per client, bounded, refused when reused (real broker, gateway processes)", () => {
  const start = useGatewayProcesses();

  it("a key reused with other records is refused, unary and on a stream, and nothing of it is written", async () => {
    const topic = uniqueTopicName("reused");
    await createTopics(LOCAL_BROKERS, [{ topic }]);
    const gateway = await start({});
    const clientId = uniqueId("client");
    const idempotencyKey = uniqueId("key");
    const { sessionId } = await gateway.client.call("openSession", { clientId });
    const first = await gateway.client.call("publish", {
      sessionId,
      idempotencyKey,
      records: [record(topic, "first")],
    });
    // The same records again: a retry, answered from the receipt.
    const retry = await gateway.client.call("publish", {
      sessionId,
      idempotencyKey,
      records: [record(topic, "first")],
    });
    expect(retry).toMatchObject({ duplicate: true, results: first.results });
    await expect(
      gateway.client.call("publish", { sessionId, idempotencyKey, records: [record(topic, "other")] }),
    ).rejects.toMatchObject({ reason: "IDEMPOTENCY_KEY_REUSED", retriable: false });
    // A transaction may not take a publish's key either.
    await expect(
      gateway.client.call("beginTransaction", { sessionId, idempotencyKey }),
    ).rejects.toMatchObject({
      reason: "IDEMPOTENCY_KEY_REUSED",
    });
    // On a stream: the reuse is refused alone, in a batch with a fresh publish that is written.
    const fresh = uniqueId("fresh");
    const answers = await runStream(gateway.client.publishStream(), [
      openRequest(sessionId),
      publishRequest(idempotencyKey, [record(topic, "other-on-stream")]),
      publishRequest(fresh, [record(topic, "fresh")]),
      publishRequest(fresh, [record(topic, "fresh-but-changed")]),
    ]);
    expect(
      answers.map((answer) => answer.error?.reason ?? (answer.duplicate ? "duplicate" : "written")),
    ).toEqual(["IDEMPOTENCY_KEY_REUSED", "written", "IDEMPOTENCY_KEY_REUSED"]);

    const read = await readCommitted(LOCAL_BROKERS, [topic], { expectedCount: 2 });
    expect(read.map((r) => r.value).sort()).toEqual(["first", "fresh"]);
  });

  it("a retry of a key evicted from memory, here and through another gateway, answers duplicate with the first result", async () => {
    const topic = uniqueTopicName("evicted");
    await createTopics(LOCAL_BROKERS, [{ topic, numPartitions: 2 }]);
    const prefix = `evicted-${randomUUID().slice(0, 8)}-`;
    const metricsPort = await freePort();
    const gatewayA = await start({ prefix, flags: tinyKeyMemory, metricsPort });
    const clientId = uniqueId("client");
    const onA = await gatewayA.client.call("openSession", { clientId });
    const published = [];
    for (let i = 0; i < 20; i++) {
      const idempotencyKey = `${clientId}-k${i}`;
      const records = [record(topic, `v${i}`, { key: `k${i}` })];
      const answer = await gatewayA.client.call("publish", {
        sessionId: onA.sessionId,
        idempotencyKey,
        records,
      });
      expect(answer.duplicate).toBe(false);
      published.push({ idempotencyKey, records, results: answer.results });
    }
    // Evicted indeed: the budget holds a few keys of the 20.
    expect(await heldKeys(metricsPort)).toBeLessThanOrEqual(3);
    const oldest = published[0];
    if (!oldest) throw new Error("nothing published");
    // k0 was evicted long ago (room for about two keys): memory says "perhaps", Kafka says which.
    const again = await gatewayA.client.call("publish", {
      sessionId: onA.sessionId,
      idempotencyKey: oldest.idempotencyKey,
      records: oldest.records,
    });
    expect(again).toMatchObject({ duplicate: true, results: oldest.results });
    await expect(
      gatewayA.client.call("publish", {
        sessionId: onA.sessionId,
        idempotencyKey: oldest.idempotencyKey,
        records: [record(topic, "changed")],
      }),
    ).rejects.toMatchObject({ reason: "IDEMPOTENCY_KEY_REUSED" });

    // Another gateway takes the client over and evicts while catching up: the same answers.
    const gatewayB = await start({ prefix, flags: tinyKeyMemory });
    const onB = await gatewayB.client.call("openSession", { clientId });
    const ledger = new WriteLedger();
    for (const { idempotencyKey, records, results } of published) {
      const retried = await gatewayB.client.call("publish", {
        sessionId: onB.sessionId,
        idempotencyKey,
        records,
      });
      expect(retried).toMatchObject({ duplicate: true, results });
      ledger.acknowledged(clientId, results).acknowledged(clientId, retried.results);
    }
    const fresh = await gatewayB.client.call("publish", {
      sessionId: onB.sessionId,
      idempotencyKey: `${clientId}-fresh`,
      records: [record(topic, "fresh")],
    });
    expect(fresh.duplicate).toBe(false);
    ledger.acknowledged(clientId, fresh.results);
    const report = await expectAuditPass([topic], ledger);
    expect(report.records.committed).toBe(21);
  });

  it("two gateways serving different clients each hold only their own clients' keys", async () => {
    const topic = uniqueTopicName("own-keys");
    await createTopics(LOCAL_BROKERS, [{ topic }]);
    const prefix = `own-${randomUUID().slice(0, 8)}-`;
    const [portA, portB] = [await freePort(), await freePort()];
    const gatewayA = await start({ prefix, metricsPort: portA });
    const gatewayB = await start({ prefix, metricsPort: portB });
    const publishKeys = async (gateway: GatewayProcess, clientId: string, count: number) => {
      const { sessionId } = await gateway.client.call("openSession", { clientId });
      for (let i = 0; i < count; i++) {
        await gateway.client.call("publish", {
          sessionId,
          idempotencyKey: `${clientId}-${i}`,
          records: [record(topic, `${clientId}-${i}`)],
        });
      }
    };
    await publishKeys(gatewayA, uniqueId("on-a"), 5);
    await publishKeys(gatewayB, uniqueId("on-b"), 3);
    await publishKeys(gatewayB, uniqueId("also-on-b"), 4);
    expect(await heldKeys(portA)).toBe(5);
    expect(await heldKeys(portB)).toBe(7);
  });

  it("a takeover while the previous gateway is paused (SIGSTOP) knows its keys, and the paused one is fenced when it wakes", async () => {
    const topic = uniqueTopicName("paused");
    await createTopics(LOCAL_BROKERS, [{ topic }]);
    const prefix = `paused-${randomUUID().slice(0, 8)}-`;
    const paused = await start({ prefix });
    const clientId = uniqueId("client");
    const idempotencyKey = uniqueId("key");
    const records = [record(topic, "before-pause")];
    const onPaused = await paused.client.call("openSession", { clientId });
    const original = await paused.client.call("publish", {
      sessionId: onPaused.sessionId,
      idempotencyKey,
      records,
    });
    paused.child.kill("SIGSTOP");

    const taker = await start({ prefix });
    const onTaker = await taker.client.call("openSession", { clientId });
    const retried = await taker.client.call("publish", {
      sessionId: onTaker.sessionId,
      idempotencyKey,
      records,
    });
    expect(retried).toMatchObject({ duplicate: true, results: original.results });
    const next = await taker.client.call("publish", {
      sessionId: onTaker.sessionId,
      idempotencyKey: uniqueId("next"),
      records: [record(topic, "after-takeover")],
    });

    paused.child.kill("SIGCONT");
    const zombieKey = uniqueId("zombie");
    const zombieRecords = [record(topic, "from-the-zombie")];
    await expect(
      paused.client.call("publish", {
        sessionId: onPaused.sessionId,
        idempotencyKey: zombieKey,
        records: zombieRecords,
      }),
    ).rejects.toMatchObject({ reason: "PRODUCER_FENCED" });
    const ledger = new WriteLedger()
      .acknowledged(clientId, original.results)
      .acknowledged(clientId, retried.results)
      .acknowledged(clientId, next.results)
      .failed(clientId, publishWrites(zombieKey, zombieRecords));
    const report = await expectAuditPass([topic], ledger);
    expect(report.records.committed).toBe(2);
  });
});

/** The gateway's `onceport_receipts_keys` gauge, from its Prometheus endpoint. */
async function heldKeys(port: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const line = text.split("\n").find((entry) => entry.startsWith("onceport_receipts_keys"));
  if (!line) throw new Error(`no onceport_receipts_keys in the metrics:\n${text}`);
  return Number(line.slice(line.lastIndexOf(" ") + 1));
}
