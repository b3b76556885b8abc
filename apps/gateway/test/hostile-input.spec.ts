// The hostile-input suite: attacks a hostile client would make, against a gateway process on
// default limits (plaintext), while a well-behaved client publishes alongside. For each attack:
// a clear status and reason, the good client served all along (every publish answered, none
// slower than `goodCallBoundMs`), the gateway's RSS under `rssBoundMiB`. Figures are printed.
import { connect } from "node:http2";
import { setTimeout as sleep } from "node:timers/promises";
import { create, type MessageInitShape, toBinary } from "@bufbuild/protobuf";
import { credentials, type ServiceError, status } from "@grpc/grpc-js";
import {
  type ConsumedRecord,
  PublishStreamRequestSchema,
  ServiceClient,
  SubscribeService,
} from "@onceport/api";
import { fromGrpcError, type OnceportError } from "@onceport/errors";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import { createTopics, readCommitted, uniqueTopicName, writeCommitted } from "@onceport/kafka-dev/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayProcess, startGatewayProcess } from "./support/gateway-process.ts";
import { GoodClient } from "./support/good-client.ts";
import { RawWorker } from "./support/process-worker.ts";
import { record } from "./support/records.ts";
import { uniqueId } from "./support/test-gateway.ts";

/** No publish of the good client may take longer, whatever the attack (it takes ~10 ms). */
const goodCallBoundMs = 5_000;
/** The gateway process's resident memory stays under this through every attack. */
const rssBoundMiB = 400;
const maxUnauthenticatedCalls = 20;
/** Header names that are JavaScript object properties: plain names to Kafka and to Onceport. */
const protoNames = ["__proto__", "toString", "constructor", "valueOf", "hasOwnProperty"];
const streamWindowRecords = 100;

const failure = (promise: Promise<unknown>): Promise<OnceportError> =>
  promise.then(
    () => {
      throw new Error("the call succeeded");
    },
    (error: unknown) => fromGrpcError(error),
  );

describe("hostile input against a gateway process on default limits (real broker)", () => {
  let gateway: GatewayProcess;
  let good: GoodClient;
  const topic = uniqueTopicName("hostile");
  const goodTopic = uniqueTopicName("hostile-good");

  beforeAll(async () => {
    await createTopics(LOCAL_BROKERS, [
      { topic, numPartitions: 3 },
      { topic: goodTopic, numPartitions: 1 },
    ]);
    gateway = await startGatewayProcess({
      flags: {
        "max-unauthenticated-calls": String(maxUnauthenticatedCalls),
        "stream-window-records": String(streamWindowRecords),
        "stream-max-batch-records": "50",
      },
    });
    good = new GoodClient(gateway, goodTopic);
  });
  afterAll(async () => {
    await gateway?.kill();
  });

  /** Runs an attack while the good client publishes, and checks the good client was served. */
  async function underAttack<T>(name: string, attack: () => Promise<T>): Promise<T> {
    good.start();
    await sleep(300);
    const result = await attack();
    await sleep(300);
    const served = await good.stop();
    console.log(
      `hostile: ${name}: good client ${served.count} publishes, p50 ${served.p50.toFixed(1)} ms, p99 ${served.p99.toFixed(1)} ms, max ${served.max.toFixed(1)} ms; gateway RSS peak ${served.rss.toFixed(0)} MiB`,
    );
    expect(served.failures).toEqual([]);
    expect(served.count).toBeGreaterThan(0);
    expect(served.max).toBeLessThan(goodCallBoundMs);
    expect(served.rss).toBeLessThan(rssBoundMiB);
    return result;
  }

  it("refuses a 900 KB key at once (choosing a partition for it froze the gateway)", async () => {
    const { sessionId } = await gateway.client.call("openSession", { clientId: uniqueId("keys") });
    const refused = await underAttack("900 KB key", () =>
      failure(
        gateway.client.call("publish", {
          sessionId,
          idempotencyKey: "big-key",
          records: [{ topic, value: Buffer.from("v"), key: Buffer.alloc(900_000, 7), headers: [] }],
        }),
      ),
    );
    expect(refused).toEqual(expect.objectContaining({ reason: "RECORD_TOO_LARGE", retriable: false }));
    expect(refused.message).toContain("--max-key-bytes");
  });

  it("refuses 100,000 headers of one name at once (an array rebuilt per header took minutes)", async () => {
    const { sessionId } = await gateway.client.call("openSession", { clientId: uniqueId("headers") });
    const headers = Array.from({ length: 100_000 }, () => ({ key: "h", value: Buffer.from("x") }));
    const refused = await underAttack("100,000 headers", () =>
      failure(
        gateway.client.call("publish", {
          sessionId,
          idempotencyKey: "many-headers",
          records: [{ topic, value: Buffer.from("v"), headers }],
        }),
      ),
    );
    expect(refused).toEqual(expect.objectContaining({ reason: "RECORD_TOO_LARGE", retriable: false }));
    expect(refused.message).toContain("--max-headers-per-record");
  });

  it("writes header names that are object properties as any other, and reads them back in order", async () => {
    const names = ["__proto__", "toString", "constructor", "valueOf", "hasOwnProperty", "toString"];
    const { sessionId } = await gateway.client.call("openSession", { clientId: uniqueId("proto") });
    await gateway.client.call("publish", {
      sessionId,
      idempotencyKey: "proto-names",
      records: [
        {
          topic,
          partition: 0,
          value: Buffer.from("proto"),
          headers: names.map((key, n) => ({ key, value: Buffer.from(String(n)) })),
        },
      ],
    });
    const [written] = (await readCommitted(LOCAL_BROKERS, [topic], { idleMs: 1_000 })).filter(
      (one) => one.value?.toString() === "proto",
    );
    const own = (written?.headerList ?? []).filter((header) => !header.key.startsWith("onceport-"));
    // Each name's values in their order; kafkajs writes a name's values together, so the order
    // across names is the client library's (libs/kafka README).
    const byName = (list: readonly { key: string; value: unknown }[]) =>
      [...new Set(list.map((header) => header.key))]
        .sort()
        .map(
          (key) =>
            `${key}=${list.filter((header) => header.key === key).map((header) => String(header.value))}`,
        );
    expect(byName(own)).toEqual(byName(names.map((key, n) => ({ key, value: n }))));
    expect(own).toHaveLength(names.length);
  });

  it("serves readers of a record with 10,000 headers without stalling anyone", async () => {
    const poisonTopic = uniqueTopicName("hostile-poison");
    await createTopics(LOCAL_BROKERS, [{ topic: poisonTopic, numPartitions: 1 }]);
    const headers = Array.from({ length: 10_000 }, (_, n) => ({ key: `h${n}`, value: `v${n}` }));
    // Written past the gateway (which would refuse it): a record any producer could leave there.
    await writeCommitted(LOCAL_BROKERS, [{ topic: poisonTopic, value: "poison", headers }]);
    const subscriber = new ServiceClient(SubscribeService, gateway.address, {
      credentials: credentials.createInsecure(),
    });
    try {
      const read = await underAttack("10 readers of a 10,000-header record", () =>
        Promise.all(
          Array.from(
            { length: 10 },
            () =>
              new Promise<ConsumedRecord>((resolve, reject) => {
                const call = subscriber.serverStream("subscribe", { topics: [poisonTopic] });
                const timer = setTimeout(() => reject(new Error("no record in 30 s")), 30_000);
                call.on("data", (response: { records: ConsumedRecord[] }) => {
                  const [first] = response.records;
                  if (!first) return;
                  clearTimeout(timer);
                  call.cancel();
                  resolve(first);
                });
                call.on("error", (error: ServiceError) => {
                  if (error.code !== status.CANCELLED) reject(fromGrpcError(error));
                });
              }),
          ),
        ),
      );
      for (const one of read) {
        expect(one.headers).toHaveLength(10_000);
        expect(one.headers[9_999]?.key).toBe("h9999");
      }
    } finally {
      subscriber.close();
    }
  });

  it("serves Process workers through poison records, and fails alone a worker that echoes one", async () => {
    const input = uniqueTopicName("hostile-process-in");
    const output = uniqueTopicName("hostile-process-out");
    await createTopics(LOCAL_BROKERS, [
      { topic: input, numPartitions: 1 },
      { topic: output, numPartitions: 1 },
    ]);
    // Written past the gateway, which would refuse each (headers, key) or hold them as any name
    // (prototype names); one transaction each, as a 900 KB key fills a produce request alone.
    const many = Array.from({ length: 10_000 }, (_, n) => ({ key: `h${n}`, value: `v${n}` }));
    const bigKey = Buffer.alloc(900_000, 7);
    await writeCommitted(LOCAL_BROKERS, [{ topic: input, value: "many-headers", headers: many }]);
    await writeCommitted(LOCAL_BROKERS, [{ topic: input, key: bigKey, value: "big-key" }]);
    await writeCommitted(LOCAL_BROKERS, [
      { topic: input, value: "proto-names", headers: protoNames.map((key) => ({ key, value: key })) },
    ]);
    await writeCommitted(LOCAL_BROKERS, [{ topic: input, value: "after" }]);
    const values = ["many-headers", "big-key", "proto-names", "after"];
    const valuesOf = (worker: RawWorker) =>
      worker.batches.flatMap((batch) => batch.records.map((one) => Buffer.from(one.value).toString()));

    const readers = Array.from(
      { length: 5 },
      (_, n) =>
        new RawWorker(gateway.address, {
          group: uniqueId(`hostile-group-${n}`),
          topics: [input],
          workerId: uniqueId("reader"),
          transform: (one) => [{ topic: output, value: Buffer.from(`seen ${one.offset}`) }],
        }),
    );
    // Copies each record as it came: the outputs break the limits a publish has.
    const echo = new RawWorker(gateway.address, {
      group: uniqueId("hostile-echo"),
      topics: [input],
      workerId: uniqueId("echo"),
      transform: (one) => [{ topic: output, key: one.key, value: one.value, headers: one.headers }],
    });
    const echoEnded = await underAttack("5 Process workers and an echo of 4 poison records", async () => {
      for (const reader of readers) {
        await reader.waitUntil(() => valuesOf(reader).includes("after"), "it read every record", 60_000);
        await reader.waitUntil(() => reader.acks.length === reader.batches.length, "its batches committed");
      }
      return echo.ended;
    });

    for (const reader of readers) {
      expect(valuesOf(reader)).toEqual(values);
      const records = reader.batches.flatMap((batch) => batch.records);
      expect(records[0]?.headers).toHaveLength(10_000);
      expect(records[0]?.headers[9_999]).toEqual(expect.objectContaining({ key: "h9999" }));
      expect(Buffer.from(records[1]?.key ?? []).equals(bigKey)).toBe(true);
      expect(records[2]?.headers.map((header) => header.key)).toEqual(protoNames);
      expect(reader.rejections).toEqual([]);
      expect(await reader.leave()).toBeUndefined();
    }
    // The echo's first batch holds the 10,000-header record: refused, and its stream alone ends.
    expect(echo.rejections.map((rejection) => rejection.reason)).toEqual(["RECORD_TOO_LARGE"]);
    expect(echoEnded).toEqual(expect.objectContaining({ reason: "RECORD_TOO_LARGE", retriable: false }));
    expect(echoEnded?.message).toContain("--max-headers-per-record");
  });

  it("bounds health streams anyone may open without credentials", async () => {
    const identity = (bytes: Buffer) => bytes;
    // grpc.health.v1 spoken raw: an empty HealthCheckRequest (every service), the answer's status field.
    const watch = () =>
      gateway.client.grpc.makeServerStreamRequest(
        "/grpc.health.v1.Health/Watch",
        identity,
        identity,
        Buffer.alloc(0),
      );
    const outcomes = await underAttack(`${maxUnauthenticatedCalls + 30} Health/Watch streams`, async () => {
      const calls = Array.from({ length: maxUnauthenticatedCalls + 30 }, watch);
      const results = await Promise.all(
        calls.map(
          (call) =>
            new Promise<"watching" | OnceportError>((resolve) => {
              call.once("data", () => resolve("watching"));
              call.on("error", (error: ServiceError) => resolve(fromGrpcError(error)));
            }),
        ),
      );
      for (const call of calls) call.cancel();
      return results;
    });
    expect(outcomes.filter((outcome) => outcome === "watching")).toHaveLength(maxUnauthenticatedCalls);
    const refused = outcomes.filter((outcome) => outcome !== "watching");
    expect(refused).toHaveLength(30);
    expect(refused[0]).toEqual(expect.objectContaining({ code: status.RESOURCE_EXHAUSTED }));
    // Cancelled streams give their places back.
    await sleep(500);
    const answer = await gateway.client.rawUnary("/grpc.health.v1.Health/Check", Buffer.alloc(0));
    expect([...answer]).toEqual([0x08, 0x01]);
  });

  it("stops reading a publish stream whose client reads no answers, refused publishes counted", async () => {
    const { sessionId } = await gateway.client.call("openSession", { clientId: uniqueId("flood") });
    // A raw HTTP/2 client that grants no window at all: not one byte of an answer can reach it.
    const session = connect(`http://${gateway.address}`, { settings: { initialWindowSize: 0 } });
    const stream = session.request({
      ":method": "POST",
      ":path": "/onceport.v1.GatewayService/PublishStream",
      "content-type": "application/grpc",
      te: "trailers",
    });
    stream.on("error", () => {});
    const frame = (request: MessageInitShape<typeof PublishStreamRequestSchema>): Buffer => {
      const bytes = toBinary(PublishStreamRequestSchema, create(PublishStreamRequestSchema, request));
      const framed = Buffer.alloc(5 + bytes.length);
      framed.writeUInt32BE(bytes.length, 1);
      framed.set(bytes, 5);
      return framed;
    };
    stream.write(frame({ kind: { case: "open", value: { sessionId } } }));
    let taken = 0;
    let takenAtHalf = 0;
    const sent = await underAttack(
      "a raw HTTP/2 client granting no window, flooding refused publishes",
      async () => {
        const started = Date.now();
        let written = 0;
        while (Date.now() < started + 6_000) {
          if (takenAtHalf === 0 && Date.now() >= started + 3_000) takenAtHalf = taken;
          // No records: refused (EMPTY_PUBLISH), nothing is written to Kafka.
          const more = stream.write(
            frame({ kind: { case: "publish", value: { idempotencyKey: `flood-${written}`, records: [] } } }),
            () => {
              taken++;
            },
          );
          written++;
          if (!more)
            await Promise.race([new Promise((resolve) => stream.once("drain", resolve)), sleep(200)]);
        }
        return written;
      },
    );
    stream.close();
    session.destroy();
    console.log(
      `hostile: flood: ${sent} publishes written by the client, ${takenAtHalf} taken by HTTP/2 after 3 s, ${taken} after 6 s`,
    );
    // Unbounded, the gateway goes on reading refused publishes (400,000+ a minute) and keeps their
    // answers for a client that takes none; bounded, it stops reading once they are pending.
    expect(takenAtHalf).toBeGreaterThan(0);
    expect(taken - takenAtHalf).toBeLessThan(500);
  });

  it("refuses topic names Kafka would refuse as INVALID_ARGUMENT, not retriable, with a short message", async () => {
    const { sessionId } = await gateway.client.call("openSession", { clientId: uniqueId("names") });
    for (const name of ["t".repeat(250), "nul\u0000name", "x".repeat(10_000)]) {
      const refused = await failure(
        gateway.client.call("publish", {
          sessionId,
          idempotencyKey: uniqueId("n"),
          records: [record(name, "v")],
        }),
      );
      expect(refused).toEqual(expect.objectContaining({ reason: "INVALID_ARGUMENT", retriable: false }));
      expect(refused.message.length).toBeLessThan(200);
    }
  });
});
