import { expectAuditPass, WriteLedger } from "@onceport/audit/testing";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import { createTopics, readCommitted, uniqueTopicName } from "@onceport/kafka-dev/testing";
import { afterEach, describe, expect, it } from "vitest";
import { connect, type OnceportClient, type RetryEvent } from "../src/index.ts";
import { FaultProxy } from "./support/fault-proxy.ts";
import {
  type GatewayProcess,
  startGatewayProcess,
  startInProcessGateway,
  uniqueClientId,
  uniquePrefix,
} from "./support/gateways.ts";

describe("publish when the answer is lost (real broker, real gateway)", () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function client(address: string, retries: RetryEvent[]): Promise<OnceportClient> {
    const connected = await connect({
      address,
      clientId: uniqueClientId("fault"),
      onRetry: (event) => retries.push(event),
    });
    cleanups.push(() => connected.close());
    return connected;
  }

  it("a connection cut right after the gateway committed: the SDK retries with the same key, one copy in Kafka", async () => {
    const topic = uniqueTopicName("sdk-cut");
    await createTopics(LOCAL_BROKERS, [{ topic, numPartitions: 2 }]);
    const gateway = await startInProcessGateway();
    cleanups.push(() => gateway.stop(1_000));
    const proxy = await FaultProxy.start(gateway.address);
    cleanups.push(() => proxy.stop());
    const retries: RetryEvent[] = [];
    const sdk = await client(proxy.address, retries);

    proxy.arm();
    const result = await sdk.publish([
      { topic, key: "a", value: "cut-0" },
      { topic, partition: 1, value: "cut-1" },
    ]);

    expect(proxy.cuts).toBe(1);
    expect(retries.map((event) => [event.operation, event.error.reason])).toEqual([
      ["Publish", "GATEWAY_UNAVAILABLE"],
    ]);
    expect(retries[0]?.idempotencyKey).toBe(result.idempotencyKey);
    // The first attempt committed (its answer was the one cut); the retry only learnt its result.
    expect(result.duplicate).toBe(true);
    const report = await expectAuditPass(
      [topic],
      new WriteLedger().acknowledged(sdk.clientId, result.results),
    );
    expect(report.records.committed).toBe(2);
    // The records are the ones sent, each where its acknowledgement says (which the audit does not compare).
    const read = await readCommitted(LOCAL_BROKERS, [topic], { expectedCount: 2 });
    expect(read.map((record) => record.value).sort()).toEqual(["cut-0", "cut-1"]);
    for (const landed of result.results) {
      const record = read.find((r) => r.headers["onceport-message-id"]?.toString() === landed.messageId);
      expect(record && [record.partition, record.offset]).toEqual([landed.partition, landed.offset]);
    }
  });

  it("a gateway killed between commit and answer: the SDK reaches another gateway, reopens its session, one copy", async () => {
    const topic = uniqueTopicName("sdk-crash");
    await createTopics(LOCAL_BROKERS, [{ topic }]);
    const prefix = uniquePrefix("crash");
    const key = `order-${Date.now()}`;
    const doomed: GatewayProcess = await startGatewayProcess({
      prefix,
      testFlags: { "test-crash-after-commit-of-key": key },
    });
    cleanups.push(() => doomed.kill());
    // The proxy stands for a load balancer: when the gateway dies, it sends the SDK to another one.
    const proxy = await FaultProxy.start(doomed.address);
    cleanups.push(() => proxy.stop());
    const retries: RetryEvent[] = [];
    const sdk = await client(proxy.address, retries);
    const firstSession = sdk.session?.id;

    const publishing = sdk.publish([{ topic, value: "crash-0" }], { idempotencyKey: key });
    expect((await doomed.exited).signal).toBe("SIGKILL");
    const survivor = await startGatewayProcess({ prefix });
    cleanups.push(() => survivor.kill());
    proxy.retarget(survivor.address);
    const result = await publishing;

    expect(result).toMatchObject({ idempotencyKey: key, duplicate: true });
    expect(sdk.session?.id).not.toBe(firstSession);
    expect(retries.some((event) => event.error.reason === "SESSION_NOT_FOUND" && event.reopen)).toBe(true);
    const report = await expectAuditPass(
      [topic],
      new WriteLedger().acknowledged(sdk.clientId, result.results),
    );
    expect(report.records.committed).toBe(1);
    const read = await readCommitted(LOCAL_BROKERS, [topic], { expectedCount: 1 });
    expect(read.map((record) => record.value)).toEqual(["crash-0"]);
  });
});
