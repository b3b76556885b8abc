import { X509Certificate } from "node:crypto";
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { connect } from "node:tls";
import { create } from "@bufbuild/protobuf";
import { status } from "@grpc/grpc-js";
import {
  ProcessRequestSchema,
  type ProcessResponse,
  PublishStreamRequestSchema,
  type PublishStreamResponse,
} from "@onceport/api";
import { makeDevCerts } from "@onceport/dev-certs";
import { fromGrpcError, type OnceportError } from "@onceport/errors";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import { createTopics, readUncommitted, uniqueTopicName, writeCommitted } from "@onceport/kafka-dev/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GatewayClient } from "./support/gateway-client.ts";
import { record } from "./support/records.ts";
import { SecureFixture } from "./support/secure-fixture.ts";
import { StreamClients, streamError } from "./support/secure-streams.ts";
import { startTestGateway, type TestGateway, uniqueId } from "./support/test-gateway.ts";

const failure = (promise: Promise<unknown>): Promise<OnceportError> =>
  promise.then(
    () => {
      throw new Error("the call succeeded");
    },
    (error: unknown) => fromGrpcError(error),
  );
const refusedWith = (reason: string, message?: RegExp) =>
  expect.objectContaining({ reason, ...(message ? { message: expect.stringMatching(message) } : {}) });

describe("authentication, authorization and limits on a TLS gateway (real broker)", () => {
  let fixture: SecureFixture;
  let test: TestGateway;
  const clients: { close(): void }[] = [];
  const victimTopic = uniqueTopicName("victim");
  const malloryTopic = uniqueTopicName("mallory");
  const inputTopic = uniqueTopicName("sec-input");
  const outputTopic = uniqueTopicName("sec-output");
  const group = uniqueId("sec-group");
  const victimClientId = uniqueId("victim");

  const policy = () => ({
    "victim-svc": { clientIds: ["victim-*"], write: [victimTopic] },
    mallory: { clientIds: ["mallory-*"], write: [malloryTopic], read: [malloryTopic] },
    "mallory-cert": { clientIds: ["mallory-*"] },
    limited: { clientIds: ["limited-*"], write: [malloryTopic] },
    flooder: { clientIds: ["flood-*"] },
    worker: { clientIds: ["worker-*"], process: [inputTopic], groups: [group], write: [malloryTopic] },
    reader: { clientIds: ["reader-*"], read: [malloryTopic] },
  });
  const client = (identity: Parameters<SecureFixture["channel"]>[0]): GatewayClient => {
    const made = new GatewayClient(test.gateway.address, fixture.channel(identity));
    clients.push(made);
    return made;
  };
  const streams = (identity: Parameters<SecureFixture["channel"]>[0]): StreamClients => {
    const made = new StreamClients(test.gateway.address, fixture.channel(identity));
    clients.push(made);
    return made;
  };

  beforeAll(async () => {
    fixture = await SecureFixture.create(["victim-svc", "mallory-cert"]);
    fixture.writePolicy(policy());
    await createTopics(LOCAL_BROKERS, [
      { topic: victimTopic, numPartitions: 1 },
      { topic: malloryTopic, numPartitions: 1 },
      { topic: inputTopic, numPartitions: 1 },
      { topic: outputTopic, numPartitions: 1 },
    ]);
    test = await startTestGateway({
      ...fixture.gatewayFlags(),
      "max-sessions-per-principal": "2",
      "max-open-transactions": "1",
      "rate-limit-per-principal": "20",
      "rate-limit-burst": "20",
      "process-session-timeout-ms": "6000",
      "max-subscriptions": "3",
      "max-subscriptions-per-principal": "2",
    });
  });
  afterAll(async () => {
    for (const made of clients) made.close();
    await test?.stop();
    await fixture?.remove();
  });

  it("refuses a client without credentials, with an expired or foreign token, or a certificate of another CA", async () => {
    const open = (made: GatewayClient) => failure(made.call("openSession", { clientId: "victim-x" }));
    expect(await open(client({}))).toEqual(refusedWith("UNAUTHENTICATED", /bearer token|certificate/));
    const expired = await fixture.token("mallory", { exp: Math.floor(Date.now() / 1000) - 60 });
    expect(await open(client({ token: expired }))).toEqual(refusedWith("UNAUTHENTICATED", /expired/));
    const otherAudience = await fixture.token("mallory", { aud: "another-service" });
    expect(await open(client({ token: otherAudience }))).toEqual(refusedWith("UNAUTHENTICATED", /"aud"/));
    const otherIssuer = await fixture.token("mallory", { iss: "https://evil.test" });
    expect(await open(client({ token: otherIssuer }))).toEqual(refusedWith("UNAUTHENTICATED", /"iss"/));
    // Unverified, so not a principal: the same as no certificate at all.
    expect(await open(client({ cert: "victim-svc", rogueCert: true }))).toEqual(
      refusedWith("UNAUTHENTICATED"),
    );
    const error = await open(client({}));
    expect(error.code).toBe(status.UNAUTHENTICATED);
  });

  it("lets no principal use another's client id or session: the victim is not fenced and keeps publishing", async () => {
    const victim = client({ cert: "victim-svc" });
    const { sessionId } = await victim.call("openSession", { clientId: victimClientId });
    await victim.call("publish", { sessionId, idempotencyKey: "v1", records: [record(victimTopic, "v1")] });

    const mallory = client({ token: await fixture.token("mallory") });
    expect(await failure(mallory.call("openSession", { clientId: victimClientId }))).toEqual(
      refusedWith("PERMISSION_DENIED", /may not use client id/),
    );
    const byCert = client({ cert: "mallory-cert" });
    expect(await failure(byCert.call("openSession", { clientId: victimClientId }))).toEqual(
      refusedWith("PERMISSION_DENIED"),
    );
    // Knowing the session id is not enough either.
    const stolen = { sessionId, idempotencyKey: "m1", records: [record(victimTopic, "stolen")] };
    expect(await failure(mallory.call("publish", stolen))).toEqual(
      refusedWith("PERMISSION_DENIED", /belongs to another principal/),
    );
    expect(await failure(mallory.call("closeSession", { sessionId }))).toEqual(
      refusedWith("PERMISSION_DENIED"),
    );
    const stream = mallory.publishStream();
    const ended = streamError(stream);
    stream.write(create(PublishStreamRequestSchema, { kind: { case: "open", value: { sessionId } } }));
    expect(await ended).toEqual(refusedWith("PERMISSION_DENIED"));

    await victim.call("publish", { sessionId, idempotencyKey: "v2", records: [record(victimTopic, "v2")] });
    const written = await readUncommitted(LOCAL_BROKERS, [victimTopic], { expectedCount: 2 });
    expect(written.map((read) => read.value)).toEqual(["v1", "v2"]);
  });

  it("writes nothing to a topic not granted: publish, send and the publish stream refuse it", async () => {
    const mallory = client({ token: await fixture.token("mallory") });
    const { sessionId } = await mallory.call("openSession", { clientId: uniqueId("mallory") });
    const denied = (value: string) => [record(malloryTopic, `ok-${value}`), record(victimTopic, value)];
    expect(
      await failure(mallory.call("publish", { sessionId, idempotencyKey: "p1", records: denied("p1") })),
    ).toEqual(refusedWith("PERMISSION_DENIED", new RegExp(`may not write to topic ${victimTopic}`)));
    // No probing either: a topic that does not exist is as denied as one that does.
    const ghost = { sessionId, idempotencyKey: "p2", records: [record(uniqueTopicName("ghost"), "x")] };
    expect(await failure(mallory.call("publish", ghost))).toEqual(refusedWith("PERMISSION_DENIED"));

    const { transactionId } = await mallory.call("beginTransaction", { sessionId, idempotencyKey: "t1" });
    expect(await failure(mallory.call("send", { sessionId, transactionId, records: denied("t1") }))).toEqual(
      refusedWith("PERMISSION_DENIED"),
    );
    await mallory.call("abortTransaction", { sessionId, transactionId });

    const stream = mallory.publishStream();
    const responses: PublishStreamResponse[] = [];
    const done = new Promise<void>((resolve, reject) => {
      stream.on("data", (response: PublishStreamResponse) => responses.push(response));
      stream.on("end", resolve);
      stream.on("error", reject);
    });
    const send = (kind: Parameters<typeof create<typeof PublishStreamRequestSchema>>[1]) =>
      stream.write(create(PublishStreamRequestSchema, kind));
    send({ kind: { case: "open", value: { sessionId } } });
    send({ kind: { case: "publish", value: { idempotencyKey: "s1", records: denied("s1") } } });
    send({
      kind: { case: "publish", value: { idempotencyKey: "s2", records: [record(malloryTopic, "s2")] } },
    });
    stream.end();
    await done;
    expect(responses.map((response) => [response.idempotencyKey, response.error?.reason ?? "ok"])).toEqual([
      ["s1", "PERMISSION_DENIED"],
      ["s2", "ok"],
    ]);

    const written = await readUncommitted(LOCAL_BROKERS, [victimTopic, malloryTopic], { idleMs: 1000 });
    const values = written.map((read) => read.value);
    for (const refused of ["p1", "t1", "s1", "ok-p1", "ok-t1", "ok-s1"])
      expect(values).not.toContain(refused);
    expect(values).toContain("s2");
  });

  it("checks Subscribe against read grants and Process against process, group and write grants", async () => {
    const mallory = streams({ token: await fixture.token("mallory") });
    expect(await streamError(mallory.subscribeTo({ topics: [victimTopic] }))).toEqual(
      refusedWith("PERMISSION_DENIED", /may not read topic/),
    );
    expect(await streamError(mallory.join({ group, topics: [inputTopic], workerId: "mallory-w" }))).toEqual(
      refusedWith("PERMISSION_DENIED", /may not join consumer group/),
    );

    const worker = streams({ token: await fixture.token("worker") });
    expect(await streamError(worker.join({ group, topics: [inputTopic], workerId: "someone-else" }))).toEqual(
      refusedWith("PERMISSION_DENIED", /may not use worker id/),
    );
    expect(await streamError(worker.join({ group, topics: [victimTopic], workerId: "worker-1" }))).toEqual(
      refusedWith("PERMISSION_DENIED", /may not process topic/),
    );

    // A granted join, then a result with an output to a topic not granted: the stream ends, nothing is written.
    await writeCommitted(LOCAL_BROKERS, [{ topic: inputTopic, value: "in-1" }]);
    const stream = worker.join({ group, topics: [inputTopic], workerId: "worker-1" });
    const ended = streamError(stream, (response: ProcessResponse) => {
      if (response.kind.case !== "batch") return;
      stream.write(
        create(ProcessRequestSchema, {
          kind: {
            case: "result",
            value: {
              batchId: response.kind.value.batchId,
              outputs: [{ inputOffset: 0n, record: record(outputTopic, "out-1") }],
            },
          },
        }),
      );
    });
    expect(await ended).toEqual(refusedWith("PERMISSION_DENIED", /may not write to topic/));
    expect(await readUncommitted(LOCAL_BROKERS, [outputTopic], { idleMs: 1000 })).toEqual([]);
  });

  it("limits open sessions per principal and open transactions per gateway, each with its reason", async () => {
    const limited = client({ token: await fixture.token("limited") });
    const [first, second] = [uniqueId("limited"), uniqueId("limited")];
    const a = await limited.call("openSession", { clientId: first });
    const b = await limited.call("openSession", { clientId: second });
    expect(await failure(limited.call("openSession", { clientId: uniqueId("limited") }))).toEqual(
      refusedWith("PRINCIPAL_SESSION_LIMIT_REACHED"),
    );
    // Opening a session the principal holds again replaces it, so the count stays.
    const a2 = await limited.call("openSession", { clientId: first });

    const txA = await limited.call("beginTransaction", { sessionId: a2.sessionId, idempotencyKey: "ta" });
    const error = await failure(
      limited.call("beginTransaction", { sessionId: b.sessionId, idempotencyKey: "tb" }),
    );
    expect(error).toEqual(refusedWith("TRANSACTION_LIMIT_REACHED"));
    expect(error.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(error.retriable).toBe(true);
    await limited.call("abortTransaction", { sessionId: a2.sessionId, transactionId: txA.transactionId });
    const txB = await limited.call("beginTransaction", { sessionId: b.sessionId, idempotencyKey: "tb" });
    await limited.call("abortTransaction", { sessionId: b.sessionId, transactionId: txB.transactionId });

    await limited.call("closeSession", { sessionId: b.sessionId });
    await limited.call("openSession", { clientId: uniqueId("limited") });
    expect(a.sessionId).not.toBe(a2.sessionId);
  });

  it("gives each principal a share of the gateway's subscriptions: one principal cannot take them all", async () => {
    await writeCommitted(LOCAL_BROKERS, [{ topic: malloryTopic, value: "for-readers" }]);
    /** A subscription that delivered a record (so it was admitted), or the error that refused it. */
    const subscribe = (from: StreamClients) => {
      const stream = from.subscribeTo({ topics: [malloryTopic] });
      const outcome = new Promise<"admitted" | OnceportError>((resolve) => {
        stream.once("data", () => resolve("admitted"));
        stream.on("error", (error: Error) => resolve(fromGrpcError(error)));
      });
      return { stream, outcome };
    };
    const mallory = streams({ token: await fixture.token("mallory") });
    const reader = streams({ token: await fixture.token("reader") });
    const held = [subscribe(mallory), subscribe(mallory)];
    for (const one of held) expect(await one.outcome).toBe("admitted");
    expect(await subscribe(mallory).outcome).toEqual(
      refusedWith("PRINCIPAL_LIMIT_REACHED", /share of 2 subscriptions/),
    );
    const polite = subscribe(reader);
    expect(await polite.outcome).toBe("admitted");
    expect(await subscribe(reader).outcome).toEqual(
      refusedWith("SESSION_LIMIT_REACHED", /limit of 3 subscriptions/),
    );
    // A share is given back when its subscription ends.
    held[0]?.stream.cancel();
    await sleep(500);
    const again = subscribe(reader);
    expect(await again.outcome).toBe("admitted");
    for (const one of [held[1], polite, again]) one?.stream.cancel();
  });

  it("limits each principal's request rate with a token bucket, and others are not slowed", async () => {
    const flooder = client({ token: await fixture.token("flooder") });
    const outcomes = await Promise.all(
      Array.from({ length: 60 }, () =>
        failure(flooder.call("closeSession", { sessionId: "none" })).then((error) => error.reason),
      ),
    );
    expect(outcomes.filter((reason) => reason === "RATE_LIMITED").length).toBeGreaterThanOrEqual(30);
    expect(outcomes.filter((reason) => reason === "SESSION_NOT_FOUND").length).toBeGreaterThanOrEqual(20);
    const mallory = client({ token: await fixture.token("mallory") });
    expect(await failure(mallory.call("closeSession", { sessionId: "none" }))).toEqual(
      refusedWith("SESSION_NOT_FOUND"),
    );
  });

  it("serves health without credentials, and reflection only to an authenticated caller", async () => {
    const anonymous = client({});
    // grpc.health.v1 has no descriptor here: its bytes are spoken raw (an empty HealthCheckRequest).
    const answer = await anonymous.rawUnary("/grpc.health.v1.Health/Check", Buffer.alloc(0));
    expect(answer[1]).toBe(1); // status: SERVING
    expect(
      await failure(
        anonymous.rawUnary("/grpc.reflection.v1.ServerReflection/ServerReflectionInfo", Buffer.alloc(0)),
      ),
    ).toEqual(refusedWith("UNAUTHENTICATED"));
  });

  it("reloads the policy and the server certificate without a restart", async () => {
    const latecomer = client({ token: await fixture.token("latecomer") });
    const clientId = uniqueId("late");
    expect(await failure(latecomer.call("openSession", { clientId }))).toEqual(
      refusedWith("PERMISSION_DENIED"),
    );
    fixture.writePolicy({ ...policy(), latecomer: { clientIds: ["late-*"] } });
    await sleep(700);
    await latecomer.call("openSession", { clientId });

    const before = await servedCertificate(test.gateway.address, fixture.certs.ca.cert);
    // A new server certificate from the same CA, copied over the files the gateway serves.
    const next = join(fixture.dir, "next");
    mkdirSync(next);
    copyFileSync(fixture.certs.ca.cert, join(next, "ca.crt"));
    copyFileSync(fixture.certs.ca.key, join(next, "ca.key"));
    const reissued = await makeDevCerts({ dir: next });
    copyFileSync(reissued.server.key, fixture.certs.server.key);
    copyFileSync(reissued.server.cert, fixture.certs.server.cert);
    const expected = new X509Certificate(readFileSync(reissued.server.cert)).fingerprint256;
    expect(expected).not.toBe(before);
    let served = before;
    for (let tries = 0; tries < 30 && served !== expected; tries++) {
      await sleep(100);
      served = await servedCertificate(test.gateway.address, fixture.certs.ca.cert);
    }
    expect(served).toBe(expected);
    // Connections made since work as before.
    expect(await failure(client({}).call("openSession", { clientId: "x" }))).toEqual(
      refusedWith("UNAUTHENTICATED"),
    );
  });
});

/** The certificate a new TLS connection to the gateway is shown. */
async function servedCertificate(address: string, caFile: string): Promise<string> {
  const port = Number(address.slice(address.lastIndexOf(":") + 1));
  return await new Promise((resolve, reject) => {
    const socket = connect(
      { host: "127.0.0.1", port, ca: readFileSync(caFile), ALPNProtocols: ["h2"], servername: "localhost" },
      () => {
        const fingerprint = socket.getPeerX509Certificate()?.fingerprint256 ?? "";
        socket.destroy();
        resolve(fingerprint);
      },
    );
    socket.on("error", reject);
  });
}

describe("mutual TLS only (real broker)", () => {
  let fixture: SecureFixture;
  let test: TestGateway;

  beforeAll(async () => {
    fixture = await SecureFixture.create(["orders-svc"]);
    fixture.writePolicy({ "spiffe://onceport.dev/orders-svc": { clientIds: ["orders-*"] } });
    test = await startTestGateway({ ...fixture.gatewayFlags("mtls"), "mtls-principal": "san" });
  });
  afterAll(async () => {
    await test?.stop();
    await fixture?.remove();
  });

  it("refuses the TLS handshake without a certificate of its client CA, and names principals by SAN", async () => {
    const open = async (identity: Parameters<SecureFixture["channel"]>[0], clientId: string) => {
      const client = new GatewayClient(test.gateway.address, fixture.channel(identity));
      try {
        return await client.call("openSession", { clientId });
      } finally {
        client.close();
      }
    };
    // No handshake, so no call and no reason: the transport's UNAVAILABLE.
    const rogue = await failure(open({ cert: "orders-svc", rogueCert: true }, "orders-1"));
    expect(rogue.code).toBe(status.UNAVAILABLE);
    expect((await failure(open({}, "orders-1"))).code).toBe(status.UNAVAILABLE);
    // A token is no substitute here.
    const token = await fixture.token("spiffe://onceport.dev/orders-svc");
    expect((await failure(open({ token }, "orders-1"))).code).toBe(status.UNAVAILABLE);
    expect((await open({ cert: "orders-svc" }, uniqueId("orders"))).sessionId).not.toBe("");
    expect(await failure(open({ cert: "orders-svc" }, "billing-1"))).toEqual(
      refusedWith("PERMISSION_DENIED", /spiffe:\/\/onceport.dev\/orders-svc may not use client id billing-1/),
    );
  });
});
