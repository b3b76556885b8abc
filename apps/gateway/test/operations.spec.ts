import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { create } from "@bufbuild/protobuf";
import { PublishStreamRequestSchema, type PublishStreamResponse } from "@onceport/api";
import { expectAuditPass, WriteLedger } from "@onceport/audit/testing";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import { createTopics, readCommitted, uniqueTopicName } from "@onceport/kafka-dev/testing";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type GatewayProcess, startGatewayProcess } from "./support/gateway-process.ts";
import { record } from "./support/records.ts";
import { uniqueId } from "./support/test-gateway.ts";

/** grpc.health.v1.HealthCheckRequest { service } and the `status` of its answer, by hand: two fields. */
function healthRequest(service: string): Buffer {
  const name = Buffer.from(service);
  return Buffer.concat([Buffer.from([0x0a, name.length]), name]);
}
const servingStatus = (response: Buffer): number =>
  response.length >= 2 && response[0] === 0x08 ? (response[1] ?? 0) : 0;
const SERVING = 1;

describe("operations: health, reflection, graceful shutdown (real gateway process)", () => {
  const running: GatewayProcess[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((gateway) => gateway.kill("SIGKILL")));
  });

  it("reports SERVING for the gateway service while Kafka is reachable", async () => {
    const gateway = await startGatewayProcess();
    running.push(gateway);
    const answer = await gateway.client.rawUnary(
      "/grpc.health.v1.Health/Check",
      healthRequest("onceport.v1.GatewayService"),
    );
    expect(servingStatus(answer)).toBe(SERVING);
  });

  it("lists the gateway service through server reflection", async () => {
    const gateway = await startGatewayProcess();
    running.push(gateway);
    const call = gateway.client.grpc.makeBidiStreamRequest(
      "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
      (value: Buffer) => value,
      (value: Buffer) => value,
    );
    // ServerReflectionRequest { list_services = 7: "" }
    const answer = new Promise<Buffer>((resolve, reject) => {
      call.on("data", (data: Buffer) => resolve(data));
      call.on("error", reject);
    });
    call.write(Buffer.from([0x3a, 0x00]));
    const response = await answer;
    call.end();
    expect(response.toString("latin1")).toContain("onceport.v1.GatewayService");
  });

  it("on SIGTERM lets an open publish stream finish, aborts open transactions, and exits 0", async () => {
    const topic = uniqueTopicName("graceful");
    await createTopics(LOCAL_BROKERS, [{ topic }]);
    const gateway = await startGatewayProcess({ prefix: `graceful-${randomUUID().slice(0, 8)}-` });
    running.push(gateway);
    const [streamer, interrupted] = [uniqueId("client"), uniqueId("client")];
    const { sessionId } = await gateway.client.call("openSession", { clientId: streamer });
    const other = await gateway.client.call("openSession", { clientId: interrupted });
    const { transactionId } = await gateway.client.call("beginTransaction", {
      sessionId: other.sessionId,
      idempotencyKey: uniqueId("tx"),
    });
    const sent = await gateway.client.call("send", {
      sessionId: other.sessionId,
      transactionId,
      records: [record(topic, "never-committed")],
    });

    const stream = gateway.client.publishStream();
    const responses: PublishStreamResponse[] = [];
    const acknowledged: string[] = [];
    const ended = new Promise<void>((resolve, reject) => {
      stream.on("data", (response: PublishStreamResponse) => {
        responses.push(response);
        acknowledged.push(response.idempotencyKey);
      });
      stream.on("end", resolve);
      stream.on("error", reject);
    });
    const publish = (key: string) =>
      create(PublishStreamRequestSchema, {
        kind: { case: "publish", value: { idempotencyKey: key, records: [record(topic, key)] } },
      });
    stream.write(create(PublishStreamRequestSchema, { kind: { case: "open", value: { sessionId } } }));
    stream.write(publish("before"));
    await vi.waitFor(() => expect(acknowledged).toEqual(["before"]), { timeout: 10_000 });

    gateway.child.kill("SIGTERM");
    await sleep(300);
    stream.write(publish("during"));
    stream.end();
    await ended;
    expect(acknowledged).toEqual(["before", "during"]);
    expect(await gateway.exited).toEqual({ code: 0, signal: null });
    const read = await readCommitted(LOCAL_BROKERS, [topic], { expectedCount: 2 });
    expect(read.map((r) => r.value)).toEqual(["before", "during"]);
    // The interrupted transaction was aborted, not left hanging; nothing acknowledged went missing.
    const ledger = new WriteLedger().failed(interrupted, sent.results);
    for (const response of responses) ledger.acknowledged(streamer, response.results);
    const report = await expectAuditPass([topic], ledger);
    expect(report.ledger?.failedFoundAborted).toBe(1);
  });
});
