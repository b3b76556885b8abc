import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import { createTopics, deleteTopics, uniqueTopicName } from "@onceport/kafka-dev/testing";
import { connect } from "@onceport/sdk";
import { contextFromTraceparent, traceparentOf } from "@onceport/tracing";
import { context, ROOT_CONTEXT, type Span, SpanKind, trace } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { type InMemoryTelemetry, installInMemoryTelemetry } from "./support/in-memory-telemetry.ts";
import { type InProcessGateway, startInProcessGateway, uniqueId } from "./support/in-process-gateway.ts";
import { openPublishStream, startWorker, subscribeUntil } from "./support/raw-clients.ts";
import {
  gatewayScope,
  idOf,
  parentId,
  SpanTree,
  sdkScope,
  traceIdOf,
  traceparentOfSpan,
} from "./support/span-tree.ts";

/**
 * The shape of one message's trace, from the SDK call to its consumers, with
 * the SDK, a gateway and the readers in this process and every span in memory.
 */
describe("one message's trace, in process (real broker)", () => {
  let telemetry: InMemoryTelemetry;
  let gateway: InProcessGateway;
  let topic: string;
  let outputTopic: string;

  beforeAll(async () => {
    // Registered before the gateway starts, as `--import` does for the real process.
    telemetry = installInMemoryTelemetry();
    topic = uniqueTopicName("traced");
    outputTopic = uniqueTopicName("traced-out");
    await createTopics(LOCAL_BROKERS, [
      { topic, numPartitions: 1 },
      { topic: outputTopic, numPartitions: 1 },
    ]);
    topics.push(topic, outputTopic);
    gateway = await startInProcessGateway();
  });
  const topics: string[] = [];
  afterAll(async () => {
    await gateway?.stop();
    await telemetry?.uninstall();
    await deleteTopics(LOCAL_BROKERS, topics).catch(() => {});
  });
  beforeEach(() => telemetry.exporter.reset());

  /** Runs `work` in a root span of the application's: the trace under test. */
  async function inAppSpan<T>(name: string, work: (span: Span) => Promise<T>): Promise<T> {
    const span = telemetry.tracer.startSpan(name, {}, ROOT_CONTEXT);
    try {
      return await context.with(trace.setSpan(ROOT_CONTEXT, span), () => work(span));
    } finally {
      span.end();
    }
  }

  const spans = () => new SpanTree(telemetry.exporter.getFinishedSpans());

  it("a publish: SDK call → gateway call → transaction → producer span → reader, one trace", async () => {
    const client = await connect({ address: gateway.address, clientId: uniqueId("pub") });
    const key = uniqueId("order");
    const appSpan = await inAppSpan("place order", async (span) => {
      await client.publish([{ topic, key: "o-1", value: "created" }], { idempotencyKey: key });
      return span;
    });
    await client.close();
    // A reader: Subscribe hands each record with the traceparent of the gateway's receive span.
    const [record] = (await subscribeUntil(gateway.address, [topic], 1)).slice(-1);
    expect(record).toBeDefined();
    telemetry.tracer.startSpan("reader handles", {}, contextFromTraceparent(record?.traceparent ?? "")).end();

    const tree = spans();
    const traceId = traceIdOf(appSpan);
    const sdkCall = tree.one("onceport.v1.GatewayService/Publish", {
      scope: sdkScope,
      kind: SpanKind.CLIENT,
    });
    const serverCall = tree.one("onceport.v1.GatewayService/Publish", {
      scope: gatewayScope,
      kind: SpanKind.SERVER,
    });
    const transaction = tree.one("onceport transaction", { scope: gatewayScope, traceId });
    const send = tree.one(`send ${topic}`, { kind: SpanKind.PRODUCER });
    const receive = tree.one(`receive ${topic}`, { kind: SpanKind.CONSUMER, traceId });
    const reader = tree.one("reader handles");

    expect(parentId(sdkCall)).toBe(idOf(appSpan));
    expect(parentId(serverCall)).toBe(idOf(sdkCall));
    expect(parentId(transaction)).toBe(idOf(serverCall));
    expect(parentId(send)).toBe(idOf(transaction));
    expect(parentId(receive)).toBe(idOf(send));
    expect(parentId(reader)).toBe(idOf(receive));
    for (const span of [sdkCall, serverCall, transaction, send, receive, reader]) {
      expect(traceIdOf(span)).toBe(traceId);
    }
    expect(serverCall.attributes).toMatchObject({
      "rpc.system": "grpc",
      "rpc.method": "Publish",
      "onceport.idempotency_key": key,
      "onceport.duplicate": false,
    });
    expect(transaction.attributes).toMatchObject({
      "onceport.transaction.kind": "publish",
      "onceport.transaction.outcome": "committed",
      "onceport.transaction.records": 1,
      "onceport.idempotency_key": key,
    });
    expect(send.attributes).toMatchObject({
      "messaging.system": "kafka",
      "messaging.operation.type": "send",
      "messaging.destination.name": topic,
      "messaging.destination.partition.id": "0",
      "messaging.kafka.message.key": "o-1",
      "messaging.message.id": `${key}/0`,
    });
    expect(receive.attributes["messaging.kafka.offset"]).toBe(send.attributes["messaging.kafka.offset"]);
    expect(record?.traceparent).toBe(traceparentOfSpan(receive));

    // Any Kafka consumer can continue the trace: the record carries the producer span's traceparent.
    const header = record?.headers.find((one) => one.key === "traceparent");
    expect(Buffer.from(header?.value ?? []).toString()).toBe(traceparentOfSpan(send));
    expect(
      await telemetry.counter("onceport.publishes", { api: "unary", result: "written" }),
    ).toBeGreaterThan(0);
  });

  it("retries with the same idempotency key: every attempt under the one logical publish, the key on each", async () => {
    const clientId = uniqueId("retry");
    const client = await connect({
      address: gateway.address,
      clientId,
      retry: { initialDelayMs: 1, maxDelayMs: 5 },
    });
    const key = uniqueId("order");
    // The session goes away under the client: its first attempt fails, it reopens and retries.
    const session = client.session;
    if (!session) throw new Error("no session");
    await gateway.gateway.sessions.close(session.id);
    await inAppSpan("place order", () =>
      client.publish([{ topic, value: "retried" }], { idempotencyKey: key }),
    );
    await client.close();
    // Later, a restarted application publishes again with the same key: answered from the receipt.
    const restarted = await connect({ address: gateway.address, clientId });
    const duplicatesBefore = await telemetry.counter("onceport.duplicates", { api: "unary" });
    const again = await inAppSpan("place order again", () =>
      restarted.publish([{ topic, value: "retried" }], { idempotencyKey: key }),
    );
    await restarted.close();
    expect(again.duplicate).toBe(true);

    const tree = spans();
    const [logical, repeated] = tree
      .all("onceport.v1.GatewayService/Publish", { scope: sdkScope })
      .sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1]);
    const attempts = tree.all("onceport.v1.GatewayService/Publish", {
      scope: gatewayScope,
      attributes: { "onceport.idempotency_key": key },
    });
    expect(attempts).toHaveLength(3);
    const [failed, written] = attempts.filter(
      (attempt) => parentId(attempt) === idOf(logical as ReadableSpan),
    );
    expect(failed?.attributes["error.type"]).toBe("SESSION_NOT_FOUND");
    expect(written?.attributes["onceport.duplicate"]).toBe(false);
    expect(tree.childrenOf(written as ReadableSpan).map((child) => child.name)).toEqual([
      "onceport transaction",
    ]);
    const duplicate = attempts.find((attempt) => parentId(attempt) === idOf(repeated as ReadableSpan));
    expect(duplicate?.attributes["onceport.duplicate"]).toBe(true);
    expect(tree.childrenOf(duplicate as ReadableSpan)).toEqual([]); // nothing written
    expect(await telemetry.counter("onceport.duplicates", { api: "unary" })).toBe(duplicatesBefore + 1);
  });

  it("a transaction: its calls, the gateway's transaction span from begin to commit, a producer span per send", async () => {
    const client = await connect({ address: gateway.address, clientId: uniqueId("tx") });
    const key = uniqueId("tx");
    await inAppSpan("transfer", () =>
      client.transaction(
        async (tx) => {
          await tx.send([{ topic, value: "debit" }]);
          await tx.send([{ topic, value: "credit" }]);
        },
        { idempotencyKey: key },
      ),
    );
    const abortedKey = uniqueId("tx");
    await expect(
      inAppSpan("transfer that fails", () =>
        client.transaction(
          async (tx) => {
            await tx.send([{ topic, value: "never visible" }]);
            throw new Error("the application changed its mind");
          },
          { idempotencyKey: abortedKey },
        ),
      ),
    ).rejects.toThrow("changed its mind");
    await client.close();

    const tree = spans();
    const server = (method: string, keyOrNot?: string) =>
      tree.all(`onceport.v1.GatewayService/${method}`, {
        scope: gatewayScope,
        ...(keyOrNot ? { attributes: { "onceport.idempotency_key": keyOrNot } } : {}),
      });
    const sdkTransaction = tree.one("onceport transaction", {
      scope: sdkScope,
      attributes: { "onceport.idempotency_key": key },
    });
    const sdkCalls = tree.childrenOf(sdkTransaction).filter((span) => span.kind === SpanKind.CLIENT);
    expect(sdkCalls.map((span) => span.attributes["rpc.method"])).toEqual([
      "BeginTransaction",
      "Send",
      "Send",
      "CommitTransaction",
    ]);
    // Each call's server span is a child of its client span.
    const serverSpans = sdkCalls.map((call) =>
      tree.childrenOf(call).find((span) => span.kind === SpanKind.SERVER),
    );
    expect(serverSpans.map((span) => span?.attributes["rpc.method"])).toEqual([
      "BeginTransaction",
      "Send",
      "Send",
      "CommitTransaction",
    ]);
    const [begin, send1, send2] = serverSpans as ReadableSpan[];
    const transaction = tree.one("onceport transaction", {
      scope: gatewayScope,
      attributes: { "onceport.idempotency_key": key },
    });
    expect(parentId(transaction)).toBe(idOf(begin as ReadableSpan));
    expect(transaction.attributes).toMatchObject({
      "onceport.transaction.kind": "interactive",
      "onceport.transaction.outcome": "committed",
      "onceport.transaction.records": 2,
    });
    for (const send of [send1, send2] as ReadableSpan[]) {
      expect(tree.childrenOf(send).map((span) => [span.name, span.kind])).toEqual([
        [`send ${topic}`, SpanKind.PRODUCER],
      ]);
    }
    const aborted = tree.one("onceport transaction", {
      scope: gatewayScope,
      attributes: { "onceport.idempotency_key": abortedKey },
    });
    expect(aborted.attributes).toMatchObject({
      "onceport.transaction.outcome": "aborted",
      "onceport.transaction.records": 0,
    });
    expect(server("AbortTransaction")).toHaveLength(1);
  });

  it("a publish stream: the SDK's span per publish → the gateway's span per message → producer span", async () => {
    const client = await connect({ address: gateway.address, clientId: uniqueId("publisher") });
    const publisher = client.publisher();
    const keys = [uniqueId("p"), uniqueId("p")];
    const apps: Span[] = [];
    for (const key of keys) {
      await inAppSpan("order", async (span) => {
        apps.push(span);
        await publisher.publish([{ topic, value: key }], { idempotencyKey: key });
      });
    }
    await client.close();

    const tree = spans();
    const connection = tree.one("onceport.v1.GatewayService/PublishStream", { scope: sdkScope });
    for (const [index, key] of keys.entries()) {
      const app = apps[index] as Span;
      const sdkPublish = tree.one("onceport publish", {
        scope: sdkScope,
        kind: SpanKind.PRODUCER,
        attributes: { "onceport.idempotency_key": key },
      });
      const message = tree.one("onceport.v1.GatewayService/PublishStream", {
        scope: gatewayScope,
        attributes: { "onceport.idempotency_key": key },
      });
      const [send] = tree.childrenOf(message);
      expect(parentId(sdkPublish)).toBe(idOf(app));
      expect(parentId(message)).toBe(idOf(sdkPublish));
      expect([send?.name, send?.kind]).toEqual([`send ${topic}`, SpanKind.PRODUCER]);
      expect(traceIdOf(send as ReadableSpan)).toBe(traceIdOf(app));
      // The transaction that wrote it: in the stream's trace (the SDK's connection span), linked to the message.
      const transaction = tree
        .all("onceport transaction", { scope: gatewayScope })
        .find((span) => span.links.some((link) => link.context.spanId === idOf(message)));
      expect(parentId(transaction as ReadableSpan)).toBe(idOf(connection));
    }
  });

  it("a publish stream spoken raw: a message without a traceparent of its own is in the stream's trace", async () => {
    const streamSpan = telemetry.tracer.startSpan("stream of orders", {}, ROOT_CONTEXT);
    const messageSpans = [1, 2].map((n) => telemetry.tracer.startSpan(`order ${n}`, {}, ROOT_CONTEXT));
    const client = await connect({ address: gateway.address, clientId: uniqueId("stream") });
    const session = client.session;
    if (!session) throw new Error("no session");
    const stream = openPublishStream(gateway.address, traceparentOfSpan(streamSpan));
    stream.write({ kind: { case: "open", value: { sessionId: session.id } } });
    const keys = [uniqueId("s"), uniqueId("s"), uniqueId("s")];
    for (const [index, idempotencyKey] of keys.entries()) {
      const own = messageSpans[index];
      stream.write({
        kind: {
          case: "publish",
          value: {
            idempotencyKey,
            records: [{ topic, value: Buffer.from(`stream ${index}`) }],
            // The third message has no context of its own: the stream's applies.
            traceparent: own ? traceparentOf(trace.setSpan(ROOT_CONTEXT, own)) : "",
          },
        },
      });
    }
    await vi.waitFor(() => expect(stream.responses).toHaveLength(3), { timeout: 20_000 });
    stream.close();
    await client.close();
    streamSpan.end();
    for (const span of messageSpans) span.end();

    const tree = spans();
    const perMessage = keys.map((key) =>
      tree.one("onceport.v1.GatewayService/PublishStream", {
        scope: gatewayScope,
        kind: SpanKind.SERVER,
        attributes: { "onceport.idempotency_key": key },
      }),
    );
    const expectedParents = [...messageSpans, streamSpan];
    for (const [index, span] of perMessage.entries()) {
      expect(parentId(span)).toBe(idOf(expectedParents[index] as Span));
      expect(traceIdOf(span)).toBe(traceIdOf(expectedParents[index] as Span));
      expect(span.attributes["onceport.duplicate"]).toBe(false);
      // Its record's producer span is its child, in its trace.
      expect(tree.childrenOf(span).map((child) => [child.name, child.kind])).toEqual([
        [`send ${topic}`, SpanKind.PRODUCER],
      ]);
    }
    // The transactions that wrote them: children of the stream's context, linked to each message.
    const transactions = tree
      .all("onceport transaction", { scope: gatewayScope, traceId: traceIdOf(streamSpan) })
      .filter((span) => span.attributes["onceport.transaction.kind"] === "publish");
    expect(transactions.length).toBeGreaterThan(0);
    for (const transaction of transactions) expect(parentId(transaction)).toBe(idOf(streamSpan));
    const linked = transactions.flatMap((transaction) =>
      transaction.links.map((link) => link.context.spanId),
    );
    expect(linked.sort()).toEqual(perMessage.map(idOf).sort());
    expect(
      await telemetry.counter("onceport.publishes", { api: "stream", result: "written" }),
    ).toBeGreaterThanOrEqual(3);
  });

  it("a Process batch: a consumer span per record in its producer's trace, outputs linked to their inputs", async () => {
    // Three messages, each published in a trace of its own.
    const client = await connect({ address: gateway.address, clientId: uniqueId("proc") });
    const processTopic = uniqueTopicName("traced-in");
    await createTopics(LOCAL_BROKERS, [{ topic: processTopic, numPartitions: 1 }]);
    topics.push(processTopic);
    const apps: Span[] = [];
    for (const n of [0, 1, 2]) {
      await inAppSpan(`order ${n}`, async (span) => {
        apps.push(span);
        await client.publish([{ topic: processTopic, value: `order ${n}` }]);
      });
    }
    await client.close();
    const publishTraces = apps.map(traceIdOf);

    // A worker whose first output is made in its own span (its traceparent sent with the output).
    const workerSpans: Span[] = [];
    const worker = startWorker(
      gateway.address,
      { group: uniqueId("group"), topics: [processTopic], workerId: uniqueId("worker") },
      (batch) => ({
        kind: {
          case: "result",
          value: {
            batchId: batch.batchId,
            outputs: batch.records.map((record) => {
              let traceparent = "";
              if (record.offset === 0n) {
                const span = telemetry.tracer.startSpan(
                  "worker converts",
                  {},
                  contextFromTraceparent(record.traceparent),
                );
                workerSpans.push(span);
                traceparent = traceparentOf(trace.setSpan(ROOT_CONTEXT, span));
                span.end();
              }
              return {
                inputOffset: record.offset,
                record: { topic: outputTopic, value: Buffer.from(`converted ${record.offset}`) },
                traceparent,
              };
            }),
          },
        },
      }),
    );
    await vi.waitFor(
      () => {
        const delivered = worker.batches.flatMap((batch) => batch.records).length;
        expect(delivered).toBeGreaterThanOrEqual(3);
        expect(worker.acked.size).toBe(worker.batches.length);
      },
      { timeout: 30_000 },
    );
    worker.stop();
    const records = worker.batches.flatMap((batch) => batch.records);

    await vi.waitFor(() => expect(spans().all(`process ${processTopic}`)).toHaveLength(3), {
      timeout: 10_000,
    });
    const tree = spans();
    const transactions = tree
      .all("onceport transaction", { scope: gatewayScope })
      .filter((span) => span.attributes["onceport.transaction.kind"] === "process");
    for (const [n, record] of records.entries()) {
      // The consumer span continues the trace of the publish that wrote the record...
      const consumer = tree.one(`process ${processTopic}`, {
        kind: SpanKind.CONSUMER,
        attributes: { "messaging.kafka.offset": Number(record.offset) },
      });
      const producer = tree.one(`send ${processTopic}`, { traceId: publishTraces[n] as string });
      expect(parentId(consumer)).toBe(idOf(producer));
      expect(consumer.attributes["onceport.batch.outcome"]).toBe("committed");
      // ...and is what the worker was handed.
      expect(record.traceparent).toBe(traceparentOfSpan(consumer));
      // The output: a child of the worker's span when it sent one, else of the input's consumer span;
      // linked to its input either way.
      const output = tree
        .all(`send ${outputTopic}`, { kind: SpanKind.PRODUCER })
        .find(
          (span) => span.links[0]?.attributes?.["onceport.input"] === `${processTopic}/0/${record.offset}`,
        );
      expect(output).toBeDefined();
      expect(output?.links[0]?.context.spanId).toBe(idOf(consumer));
      expect(parentId(output as ReadableSpan)).toBe(
        record.offset === 0n ? idOf(workerSpans[0] as Span) : idOf(consumer),
      );
      expect(traceIdOf(output as ReadableSpan)).toBe(publishTraces[n]);
      // The batch's transaction links to every input.
      expect(
        transactions.some((transaction) =>
          transaction.links.some((link) => link.context.spanId === idOf(consumer)),
        ),
      ).toBe(true);
    }
    for (const transaction of transactions) {
      expect(transaction.attributes["onceport.transaction.outcome"]).toBe("committed");
      expect(parentId(transaction)).toBeUndefined();
    }
    expect(await telemetry.counter("onceport.process.batches", { outcome: "committed" })).toBeGreaterThan(0);
  });
});
