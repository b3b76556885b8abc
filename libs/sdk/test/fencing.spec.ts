import { expectAuditPass, publishWrites, WriteLedger } from "@onceport/audit/testing";
import type { RunningGateway } from "@onceport/gateway";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import { createTopics, readCommitted, uniqueTopicName } from "@onceport/kafka-dev/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, FencedError, type RetryEvent } from "../src/index.ts";
import { startInProcessGateway, uniqueClientId } from "./support/gateways.ts";

describe("fencing (real broker, real gateway)", () => {
  let gateway: RunningGateway;
  beforeAll(async () => {
    gateway = await startInProcessGateway();
  });
  afterAll(async () => {
    await gateway?.stop(1_000);
  });

  it("a second client with the same id fences the first: FencedError, no retry, stopped for good", async () => {
    const topic = uniqueTopicName("sdk-fence");
    await createTopics(LOCAL_BROKERS, [{ topic }]);
    const clientId = uniqueClientId("twin");
    const retries: RetryEvent[] = [];
    const first = await connect({
      address: gateway.address,
      clientId,
      onRetry: (event) => retries.push(event),
    });
    const publisher = first.publisher();
    const before = await first.publish([{ topic, value: "first-before" }]);

    const second = await connect({ address: gateway.address, clientId });
    const zombie = {
      after: [{ topic, value: "first-after" }],
      again: [{ topic, value: "first-again" }],
      stream: [{ topic, value: "first-stream" }],
    };
    const error = await first
      .publish(zombie.after, { idempotencyKey: "after" })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(FencedError);
    expect(error).toMatchObject({ reason: "PRODUCER_FENCED", retriable: false });
    expect(first.isFenced).toBe(true);
    expect(retries).toEqual([]);
    await expect(first.publish(zombie.again, { idempotencyKey: "again" })).rejects.toBeInstanceOf(
      FencedError,
    );
    await expect(publisher.publish(zombie.stream, { idempotencyKey: "stream" })).rejects.toBeInstanceOf(
      FencedError,
    );

    const fresh = await second.publish([{ topic, value: "second" }]);
    expect(fresh.duplicate).toBe(false);
    expect(second.isFenced).toBe(false);
    await first.close();
    await second.close();
    // The fenced publishes left nothing visible; the acknowledged ones are there once each.
    const ledger = new WriteLedger()
      .acknowledged(clientId, before.results)
      .failed(clientId, publishWrites("after", zombie.after))
      .failed(clientId, publishWrites("again", zombie.again))
      .failed(clientId, publishWrites("stream", zombie.stream))
      .acknowledged(clientId, fresh.results);
    const report = await expectAuditPass([topic], ledger);
    expect(report.records.committed).toBe(2);
    const read = await readCommitted(LOCAL_BROKERS, [topic], { expectedCount: 2 });
    expect(read.map((record) => record.value)).toEqual(["first-before", "second"]);
  });

  it("a publisher fenced mid-stream fails its unacknowledged publishes with FencedError", async () => {
    const topic = uniqueTopicName("sdk-fence-stream");
    await createTopics(LOCAL_BROKERS, [{ topic }]);
    const clientId = uniqueClientId("stream-twin");
    const first = await connect({ address: gateway.address, clientId });
    const publisher = first.publisher();
    const acknowledged = await publisher.publish([{ topic, value: "s-0" }]);
    const second = await connect({ address: gateway.address, clientId });
    const fenced = [{ topic, value: "s-1" }];
    const error = await publisher
      .publish(fenced, { idempotencyKey: "s-1" })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(FencedError);
    expect(first.isFenced).toBe(true);
    await first.close();
    await second.close();
    const ledger = new WriteLedger()
      .acknowledged(clientId, acknowledged.results)
      .failed(clientId, publishWrites("s-1", fenced));
    const report = await expectAuditPass([topic], ledger);
    expect(report.records.committed).toBe(1);
  });
});
