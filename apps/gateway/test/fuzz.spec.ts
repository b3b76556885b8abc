import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fromBinary } from "@bufbuild/protobuf";
import { Client, Metadata, type ServiceError, type StatusObject, status } from "@grpc/grpc-js";
import { PublishStreamResponseSchema } from "@onceport/api";
import { fromGrpcError, isReason } from "@onceport/errors";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import { createTopics, readUncommitted, uniqueTopicName } from "@onceport/kafka-dev/testing";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type FuzzTargets,
  hostileStreamMessages,
  hostileUnary,
  mutatedBytes,
} from "./support/fuzz-arbitraries.ts";
import { GatewayClient } from "./support/gateway-client.ts";
import { type GatewayProcess, startGatewayProcess } from "./support/gateway-process.ts";
import { record } from "./support/records.ts";
import { SecureFixture } from "./support/secure-fixture.ts";
import { uniqueId } from "./support/test-gateway.ts";

/** Cases per property; the whole run takes about half a minute on 2 cores. */
const unaryRuns = Number(process.env.ONCEPORT_FUZZ_UNARY_RUNS ?? 3000);
const streamRuns = Number(process.env.ONCEPORT_FUZZ_STREAM_RUNS ?? 150);
const identity = (value: Buffer) => value;

type Outcome = { code: number; reason: string | undefined; details: string; streamed: boolean };

/**
 * Hostile input, property-based: mutated and random protobuf bytes and
 * hostile-but-valid requests to every method of every service, under a valid
 * principal or a forged one. Each answer must be a defined status (with an
 * Onceport reason when it is our error, never INTERNAL), the gateway process
 * must stay up and serving, a topic the fuzzer may not write must stay empty,
 * and another principal's session must go on working.
 */
describe("fuzz: every method of every service (real broker, gateway process)", () => {
  let fixture: SecureFixture;
  let gateway: GatewayProcess;
  let raw: Client;
  let victim: GatewayClient;
  let victimSessionId: string;
  let targets: FuzzTargets;
  let authorization: fc.Arbitrary<string | undefined>;
  const grantedTopic = uniqueTopicName("fuzz-granted");
  const deniedTopic = uniqueTopicName("fuzz-denied");
  const victimTopic = uniqueTopicName("fuzz-victim");
  const tally = new Map<string, Map<string, number>>();
  const failures: string[] = [];
  let cases = 0;
  /** The longest answer per method, in ms. */
  const slowest = new Map<string, number>();

  beforeAll(async () => {
    fixture = await SecureFixture.create([]);
    fixture.writePolicy({
      fuzzer: {
        clientIds: ["fuzz-*"],
        write: [grantedTopic],
        read: [grantedTopic],
        process: [grantedTopic],
        groups: ["fuzz-*"],
      },
      victim: { clientIds: ["victim-*"], write: [victimTopic] },
    });
    await createTopics(LOCAL_BROKERS, [
      { topic: grantedTopic, numPartitions: 2 },
      { topic: deniedTopic, numPartitions: 1 },
      { topic: victimTopic, numPartitions: 1 },
    ]);
    gateway = await startGatewayProcess({
      flags: {
        ...fixture.gatewayFlags("jwt"),
        "log-level": "info",
        "process-session-timeout-ms": "6000",
        "max-record-bytes": "4096",
      },
    });
    const token = await fixture.token("fuzzer");
    victim = new GatewayClient(gateway.address, fixture.channel({ token: await fixture.token("victim") }));
    const victimClientId = uniqueId("victim");
    ({ sessionId: victimSessionId } = await victim.call("openSession", { clientId: victimClientId }));
    await victim.call("publish", {
      sessionId: victimSessionId,
      idempotencyKey: "before",
      records: [record(victimTopic, "victim-before")],
    });
    const own = new GatewayClient(gateway.address, fixture.channel({ token }));
    const { sessionId: ownSessionId } = await own.call("openSession", { clientId: "fuzz-own" });
    own.close();
    targets = {
      grantedTopic,
      deniedTopic,
      victimTopic,
      victimClientId,
      victimSessionId,
      ownSessionId,
      grantedClientIds: ["fuzz-a", "fuzz-b"],
      grantedGroup: `fuzz-${uniqueId("g")}`,
    };
    const expired = await fixture.token("fuzzer", { exp: Math.floor(Date.now() / 1000) - 60 });
    authorization = fc.oneof(
      { arbitrary: fc.constant(`Bearer ${token}`), weight: 12 },
      {
        arbitrary: fc.constantFrom(undefined, `Bearer ${expired}`, "Bearer", "Basic abc", `Bearer ${token}x`),
        weight: 2,
      },
      {
        arbitrary: fc.string({ maxLength: 60 }).map((text) => `Bearer ${text.replace(/[^\x20-\x7e]/g, "")}`),
        weight: 1,
      },
    );
    raw = new Client(gateway.address, fixture.channel({}));
  });
  afterAll(async () => {
    raw?.close();
    victim?.close();
    await gateway?.kill("SIGTERM");
    await fixture?.remove();
  });

  const metadataOf = (header: string | undefined): Metadata => {
    const metadata = new Metadata();
    if (header !== undefined) metadata.set("authorization", header);
    return metadata;
  };

  /** Checks one answer and counts it; a failure is remembered with what caused it. */
  const judge = (method: string, outcome: Outcome, input: Uint8Array[], tookMs: number): void => {
    cases++;
    slowest.set(method, Math.max(slowest.get(method) ?? 0, tookMs));
    const counts = tally.get(method) ?? new Map<string, number>();
    tally.set(method, counts);
    const key =
      outcome.code === status.OK
        ? outcome.streamed
          ? "OK (streaming)"
          : "OK"
        : `${status[outcome.code]} ${outcome.reason ?? "-"}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    const ours = !method.startsWith("grpc.");
    const problem =
      outcome.code === status.OK
        ? undefined
        : outcome.reason === "INTERNAL"
          ? "INTERNAL: the gateway did not expect this"
          : outcome.reason === undefined && ours
            ? "no Onceport reason"
            : outcome.reason === undefined &&
                ![status.INVALID_ARGUMENT, status.NOT_FOUND, status.INTERNAL].includes(outcome.code)
              ? "an undefined status for this service"
              : outcome.reason === undefined &&
                  outcome.code === status.INTERNAL &&
                  !/deserializ|parse/i.test(outcome.details)
                ? "INTERNAL beyond a request that does not parse"
                : undefined;
    if (problem) {
      failures.push(
        `${method}: ${problem} (${status[outcome.code]} ${outcome.details}); input ${input.map((bytes) => Buffer.from(bytes).toString("hex")).join(",")}`,
      );
    }
  };

  const outcomeOf = (error: ServiceError | StatusObject, streamed = false): Outcome => {
    if (error.code === status.OK) return { code: status.OK, reason: undefined, details: "", streamed };
    const onceport = fromGrpcError(Object.assign(new Error(error.details), error));
    // fromGrpcError invents GATEWAY_UNAVAILABLE / INTERNAL when there was no ErrorInfo: tell them apart.
    const hasInfo =
      onceport.cause !== undefined &&
      isReason(onceport.reason) &&
      onceport.message === error.details &&
      hasErrorInfo(error.metadata);
    return {
      code: error.code,
      reason: hasInfo ? onceport.reason : undefined,
      details: error.details,
      streamed,
    };
  };

  const unary = (path: string, bytes: Uint8Array, header: string | undefined): Promise<Outcome> =>
    new Promise((resolve) => {
      raw.makeUnaryRequest(
        path,
        identity,
        identity,
        Buffer.from(bytes),
        metadataOf(header),
        { deadline: Date.now() + 15_000 },
        (error) =>
          resolve(
            error ? outcomeOf(error) : { code: status.OK, reason: undefined, details: "", streamed: false },
          ),
      );
    });

  /** Sends the messages, half-closes, and waits for the status; a stream still open after `settleMs` is cancelled. */
  const stream = (
    path: string,
    messages: Uint8Array[],
    header: string | undefined,
    serverStreaming: boolean,
    onMessage: (bytes: Buffer) => void = () => {},
  ): Promise<Outcome> =>
    new Promise((resolve) => {
      const metadata = metadataOf(header);
      const call = serverStreaming
        ? raw.makeServerStreamRequest(path, identity, identity, Buffer.from(messages[0] ?? []), metadata, {})
        : raw.makeBidiStreamRequest(path, identity, identity, metadata, {});
      let streamed = false;
      let cancelled = false;
      call.on("data", (bytes: Buffer) => {
        streamed = true;
        onMessage(bytes);
      });
      call.on("error", () => {});
      call.on("status", (result: StatusObject) => {
        clearTimeout(timer);
        resolve(
          cancelled
            ? { code: status.OK, reason: undefined, details: "", streamed: true }
            : outcomeOf(result, streamed),
        );
      });
      if (!serverStreaming) {
        const writable = call as unknown as { write(bytes: Buffer): void; end(): void };
        for (const message of messages) writable.write(Buffer.from(message));
        writable.end();
      }
      // A valid Subscribe or health Watch streams until cancelled; a half-closed Process stream ends by itself.
      const timer = setTimeout(
        () => {
          cancelled = true;
          call.cancel();
        },
        serverStreaming ? 500 : 3_000,
      );
    });

  it("answers every unary method only with defined statuses", async () => {
    const hostile = hostileUnary(targets);
    const methods = Object.entries(hostile).map(([name, valid]) => ({
      method: `onceport.v1.GatewayService/${name}`,
      bytes: fc.oneof({ arbitrary: valid, weight: 2 }, { arbitrary: mutatedBytes(valid), weight: 3 }),
    }));
    const health = hostileStreamMessages(targets).healthCheck;
    methods.push({
      method: "grpc.health.v1.Health/Check",
      bytes: fc.oneof(health, mutatedBytes(health)),
    });
    const caseArb = fc.oneof(
      ...methods.map(({ method, bytes }) =>
        fc.record({ method: fc.constant(method), bytes, header: authorization }),
      ),
    );
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ method, bytes, header }) => {
        const started = Date.now();
        judge(method, await unary(`/${method}`, bytes, header), [bytes], Date.now() - started);
      }),
      { numRuns: unaryRuns, endOnFailure: true },
    );
    expect(failures).toEqual([]);
  });

  it("answers every streaming method only with defined statuses", async () => {
    const messages = hostileStreamMessages(targets);
    const sequence = (one: fc.Arbitrary<Uint8Array>) =>
      fc.array(fc.oneof({ arbitrary: one, weight: 2 }, { arbitrary: mutatedBytes(one), weight: 1 }), {
        minLength: 1,
        maxLength: 4,
      });
    const streams = [
      {
        method: "onceport.v1.GatewayService/PublishStream",
        messages: sequence(messages.publishStream),
        server: false,
      },
      { method: "onceport.v1.ProcessService/Process", messages: sequence(messages.process), server: false },
      {
        method: "onceport.v1.SubscribeService/Subscribe",
        messages: fc.tuple(fc.oneof(messages.subscribe, mutatedBytes(messages.subscribe))),
        server: true,
      },
      {
        method: "grpc.health.v1.Health/Watch",
        messages: fc.tuple(fc.oneof(messages.healthCheck, mutatedBytes(messages.healthCheck))),
        server: true,
      },
      {
        method: "grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
        messages: sequence(messages.reflection),
        server: false,
      },
      {
        method: "grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
        messages: sequence(messages.reflection),
        server: false,
      },
    ];
    const caseArb = fc.oneof(
      ...streams.map(({ method, messages: sent, server }) =>
        fc.record({
          method: fc.constant(method),
          messages: sent.map((list) => [...list]),
          server: fc.constant(server),
          header: authorization,
        }),
      ),
    );
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ method, messages: sent, server, header }) => {
        const refusals: string[] = [];
        const started = Date.now();
        const outcome = await stream(`/${method}`, sent, header, server, (bytes) => {
          if (!method.endsWith("/PublishStream")) return;
          const reason = fromBinary(PublishStreamResponseSchema, bytes).error?.reason;
          if (reason !== undefined && (!isReason(reason) || reason === "INTERNAL")) refusals.push(reason);
        });
        judge(method, outcome, sent, Date.now() - started);
        if (refusals.length > 0) failures.push(`${method}: a publish refused with ${refusals.join(",")}`);
      }),
      { numRuns: streamRuns, endOnFailure: true },
    );
    expect(failures).toEqual([]);
  });

  it("stays up and serving, wrote nothing where it must not, and the victim's session still works", async () => {
    expect(gateway.child.exitCode).toBeNull();
    await victim.call("publish", {
      sessionId: victimSessionId,
      idempotencyKey: "after",
      records: [record(victimTopic, "victim-after")],
    });
    const victimRecords = await readUncommitted(LOCAL_BROKERS, [victimTopic], {
      expectedCount: 2,
      idleMs: 1500,
    });
    expect(victimRecords.map((read) => read.value)).toEqual(["victim-before", "victim-after"]);
    expect(await readUncommitted(LOCAL_BROKERS, [deniedTopic], { idleMs: 1500 })).toEqual([]);
    const internal = gateway.logLines.filter((line) => line.includes('"internal error"'));
    expect(internal).toEqual([]);

    const summary = {
      cases,
      failures: failures.length,
      unaryRuns,
      streamRuns,
      byMethod: Object.fromEntries(
        [...tally].map(([method, counts]) => [
          method,
          { ...Object.fromEntries(counts), slowestMs: slowest.get(method) ?? 0 },
        ]),
      ),
    };
    const dir = join(import.meta.dirname, "..", "..", "..", ".cache", "fuzz");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "gateway-fuzz.json"), `${JSON.stringify(summary, null, 2)}\n`);
    console.log(
      `fuzz: ${cases} cases, ${failures.length} failures (figures in .cache/fuzz/gateway-fuzz.json)`,
    );
  });
});

function hasErrorInfo(metadata: Metadata | undefined): boolean {
  return (metadata?.get("grpc-status-details-bin").length ?? 0) > 0;
}
