import type { ServiceError } from "@grpc/grpc-js";
import { ServiceClient, SubscribeService } from "@onceport/api";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import { createTopics, uniqueTopicName } from "@onceport/kafka-dev/testing";
import { describe, expect, it } from "vitest";
import { freePort } from "./support/free-port.ts";
import { useGatewayProcesses } from "./support/gateway-process.ts";
import { type Scrape, scrape } from "./support/prometheus-text.ts";
import { record } from "./support/records.ts";
import { openRequest, publishRequest, runStream } from "./support/run-stream.ts";
import { uniqueId } from "./support/test-gateway.ts";

const streamingMethods = ["PublishStream", "Subscribe", "Process"];

/** Scrapes until `done` holds: what a stream's end records lands after the client saw the end. */
async function scrapeUntil(port: number, done: (metrics: Scrape) => boolean): Promise<Scrape> {
  for (let attempt = 0; ; attempt++) {
    const metrics = await scrape(port);
    if (done(metrics) || attempt === 100) return metrics;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("the operators' metrics (real broker, a gateway process serving /metrics)", () => {
  const start = useGatewayProcesses();

  it("a scrape after start shows every counter and gauge at zero; calls move the right ones", async () => {
    const topic = uniqueTopicName("metrics");
    await createTopics(LOCAL_BROKERS, [{ topic }]);
    const port = await freePort();
    const gateway = await start({ metricsPort: port });

    const before = await scrape(port);
    for (const api of ["unary", "stream"]) {
      for (const result of ["written", "duplicate"]) {
        expect(before.value("onceport_publishes_total", { api, result }), `${api} ${result}`).toBe(0);
      }
    }
    for (const api of ["unary", "stream", "transaction"]) {
      expect(before.value("onceport_duplicates_total", { api })).toBe(0);
    }
    for (const kind of ["publish", "interactive", "process"]) {
      for (const outcome of ["committed", "aborted", "timed_out", "unknown"]) {
        expect(before.value("onceport_transactions_total", { kind, outcome }), `${kind} ${outcome}`).toBe(0);
      }
      expect(before.value("onceport_records_written_total", { kind })).toBe(0);
    }
    for (const outcome of ["committed", "rejected", "dropped"]) {
      expect(before.value("onceport_process_batches_total", { outcome })).toBe(0);
    }
    expect(before.value("onceport_sessions_fenced_total")).toBe(0);
    expect(before.value("onceport_sessions_open")).toBe(0);
    expect(before.value("onceport_transactions_open")).toBe(0);
    expect(before.value("onceport_receipts_keys")).toBe(0);
    expect(before.value("onceport_receipts_memory")).toBe(0);
    for (const method of streamingMethods) {
      expect(before.value("onceport_streams_open", { rpc_method: method }), method).toBe(0);
    }
    // The process and the runtime.
    expect(before.value("process_cpu_seconds_total", { cpu_mode: "user" })).toBeGreaterThan(0);
    expect(before.value("process_memory_bytes", { type: "rss" })).toBeGreaterThan(10_000_000);
    expect(before.value("process_memory_bytes", { type: "heap_used" })).toBeGreaterThan(0);
    expect(before.value("nodejs_eventloop_delay_seconds", { quantile: "p99" })).toBeGreaterThanOrEqual(0);

    // An OpenSession and its catch-up, a Publish, an interactive transaction, a PublishStream.
    const clientId = uniqueId("client");
    const { sessionId } = await gateway.client.call("openSession", { clientId });
    await gateway.client.call("publish", {
      sessionId,
      idempotencyKey: uniqueId("key"),
      records: [record(topic, "unary")],
    });
    const { transactionId } = await gateway.client.call("beginTransaction", {
      sessionId,
      idempotencyKey: uniqueId("transaction"),
    });
    expect((await scrape(port)).value("onceport_transactions_open")).toBe(1);
    await gateway.client.call("abortTransaction", { sessionId, transactionId });
    const answers = await runStream(gateway.client.publishStream(), [
      openRequest(sessionId),
      publishRequest(uniqueId("key"), [record(topic, "streamed")]),
    ]);
    expect(answers.map((answer) => answer.duplicate)).toEqual([false]);

    // A Subscribe, open while scraped, then cancelled.
    const subscriber = new ServiceClient(SubscribeService, gateway.address);
    const subscription = subscriber.serverStream("subscribe", { topics: [topic] });
    const failed = new Promise<void>((resolve) => subscription.on("error", (_: ServiceError) => resolve()));
    await new Promise<void>((resolve) => subscription.once("data", () => resolve()));
    const subscribed = await scrape(port);
    expect(subscribed.value("onceport_streams_open", { rpc_method: "Subscribe" })).toBe(1);
    subscription.cancel();
    await failed;
    subscriber.close();

    const callsOf = (metrics: Scrape, method: string) =>
      metrics.samples
        .filter((s) => s.name === "rpc_server_call_duration_seconds_count" && s.labels.rpc_method === method)
        .reduce((sum, s) => sum + s.value, 0);
    const after = await scrapeUntil(port, (metrics) => callsOf(metrics, "Subscribe") === 1);
    expect(after.value("onceport_publishes_total", { api: "unary", result: "written" })).toBe(1);
    expect(after.value("onceport_publishes_total", { api: "stream", result: "written" })).toBe(1);
    expect(after.value("onceport_records_written_total", { kind: "publish" })).toBe(2);
    expect(after.value("onceport_transactions_total", { kind: "publish", outcome: "committed" })).toBe(2);
    expect(after.value("onceport_transactions_total", { kind: "interactive", outcome: "aborted" })).toBe(1);
    expect(after.value("onceport_transactions_open")).toBe(0);
    expect(after.value("onceport_sessions_open")).toBe(1);
    expect(after.value("onceport_receipts_keys")).toBeGreaterThanOrEqual(2);
    expect(after.value("onceport_receipts_memory")).toBeGreaterThan(0);
    expect(after.value("onceport_receipts_catch_up_duration_seconds_count")).toBe(1);
    expect(after.value("onceport_publish_duration_seconds_count", { api: "unary" })).toBe(1);
    for (const method of streamingMethods) {
      expect(after.value("onceport_streams_open", { rpc_method: method }), method).toBe(0);
    }
    expect(callsOf(after, "OpenSession")).toBe(1);
    expect(callsOf(after, "PublishStream")).toBe(1);
    expect(callsOf(after, "Subscribe")).toBe(1);
    expect(
      after.value("rpc_server_call_duration_seconds_count", {
        rpc_method: "PublishStream",
        rpc_grpc_status_code: "0",
      }),
    ).toBe(1);
    expect(
      after.value("rpc_server_call_duration_seconds_count", {
        rpc_method: "Subscribe",
        rpc_grpc_status_code: "1",
      }),
    ).toBe(1);

    // Every histogram is in seconds and says so in its name.
    const histograms = [...after.types].filter(([, type]) => type === "histogram").map(([name]) => name);
    expect(histograms).toEqual(
      expect.arrayContaining([
        "onceport_publish_duration_seconds",
        "onceport_transaction_duration_seconds",
        "onceport_receipts_catch_up_duration_seconds",
        "rpc_server_call_duration_seconds",
      ]),
    );
    expect(histograms.filter((name) => !name.endsWith("_seconds"))).toEqual([]);
  });
});
