// The read path, fuzzed (issue 18): records with extreme keys, values and headers, written
// straight to Kafka as any producer may (past every bound the gateway puts on its own writes),
// read back through Subscribe and through Process by a gateway process on default limits, while
// a well-behaved client publishes. The documented behaviour is "deliver": every record arrives
// as it was written, and no reader stalls the gateway for anyone else.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { credentials, type ServiceError, status } from "@grpc/grpc-js";
import { type ConsumedRecord, ServiceClient, type SubscribeResponse, SubscribeService } from "@onceport/api";
import { fromGrpcError } from "@onceport/errors";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import { createTopics, uniqueTopicName, writeCommitted } from "@onceport/kafka-dev/testing";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayProcess, startGatewayProcess } from "./support/gateway-process.ts";
import { GoodClient, type Served } from "./support/good-client.ts";
import { RawWorker } from "./support/process-worker.ts";
import { type ExtremeRecord, extremeRecord, extremeRecordBytes } from "./support/record-arbitraries.ts";
import { uniqueId } from "./support/test-gateway.ts";

/** Records per run; the default run writes ~10 MB and takes about half a minute on 2 cores. */
const runs = Number(process.env.ONCEPORT_FUZZ_READ_RUNS ?? 40);
/** Printed, so a failing run can be replayed: ONCEPORT_FUZZ_SEED=<seed>. */
const seed = Number(process.env.ONCEPORT_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const goodCallBoundMs = 5_000;
const rssBoundMiB = 400;
const readTimeoutMs = 120_000;

/** Per name, its values in their order: kafkajs (the writer) writes a name's values together. */
function headersByName(headers: readonly { key: string; value: Uint8Array }[]): Map<string, string[]> {
  const byName = new Map<string, string[]>();
  for (const { key, value } of headers) {
    const values = byName.get(key) ?? [];
    values.push(Buffer.from(value).toString("hex"));
    byName.set(key, values);
  }
  return byName;
}

/** How a record read differs from the one written, if it does. */
function difference(read: ConsumedRecord | undefined, written: ExtremeRecord): string | undefined {
  if (read === undefined) return "not read";
  const key = read.key === undefined ? null : Buffer.from(read.key);
  if (written.key === null ? key !== null : key === null || !key.equals(written.key)) {
    return `key: ${key?.length ?? "null"} bytes read, ${written.key?.length ?? "null"} written`;
  }
  // A null value travels as an empty one (ConsumedRecord.value is not optional).
  if (!Buffer.from(read.value).equals(written.value ?? Buffer.alloc(0))) {
    return `value: ${read.value.length} bytes read, ${written.value?.length ?? "null"} written`;
  }
  if (read.headers.length !== written.headers.length) {
    return `headers: ${read.headers.length} read, ${written.headers.length} written`;
  }
  const wrote = headersByName(written.headers);
  for (const [name, values] of headersByName(read.headers)) {
    if (JSON.stringify(values) !== JSON.stringify(wrote.get(name)))
      return `header ${JSON.stringify(name.slice(0, 40))}`;
  }
  return undefined;
}

/** Groups records into transactions that each stay under the broker's 1 MB request. */
function transactions(records: readonly ExtremeRecord[]): ExtremeRecord[][] {
  const groups: ExtremeRecord[][] = [];
  let bytes = Number.POSITIVE_INFINITY;
  for (const one of records) {
    const size = extremeRecordBytes(one);
    if (bytes + size > 960_000) {
      groups.push([]);
      bytes = 0;
    }
    groups.at(-1)?.push(one);
    bytes += size;
  }
  return groups;
}

describe("fuzz: the read path, records written past the gateway read through Subscribe and Process (real broker, gateway process)", () => {
  let gateway: GatewayProcess;
  let good: GoodClient;
  const topic = uniqueTopicName("fuzz-read");
  const goodTopic = uniqueTopicName("fuzz-read-good");
  const records = fc.sample(extremeRecord, { numRuns: runs, seed });
  const figures: Record<string, unknown> = { seed, records: runs };

  beforeAll(async () => {
    console.log(
      `fuzz read path: seed ${seed}, ${runs} records (ONCEPORT_FUZZ_SEED, ONCEPORT_FUZZ_READ_RUNS)`,
    );
    await createTopics(LOCAL_BROKERS, [
      { topic, numPartitions: 1 },
      { topic: goodTopic, numPartitions: 1 },
    ]);
    for (const group of transactions(records)) {
      await writeCommitted(
        LOCAL_BROKERS,
        group.map((one) => ({ topic, key: one.key, value: one.value, headers: one.headers })),
      );
    }
    const headerCounts = records.map((one) => one.headers.length);
    Object.assign(figures, {
      bytes: records.reduce((sum, one) => sum + extremeRecordBytes(one), 0),
      headers: headerCounts.reduce((sum, count) => sum + count, 0),
      mostHeaders: Math.max(...headerCounts),
      largestKey: Math.max(...records.map((one) => one.key?.length ?? 0)),
      largestValue: Math.max(...records.map((one) => one.value?.length ?? 0)),
      nullKeys: records.filter((one) => one.key === null).length,
      nullValues: records.filter((one) => one.value === null).length,
    });
    gateway = await startGatewayProcess({ flags: { "log-level": "info" } });
    good = new GoodClient(gateway, goodTopic);
  });
  afterAll(async () => {
    await gateway?.kill();
    const dir = join(import.meta.dirname, "..", "..", "..", ".cache", "fuzz");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "read-path-fuzz.json"), `${JSON.stringify(figures, null, 2)}\n`);
    console.log(`fuzz read path: ${JSON.stringify(figures)}`);
  });

  /** Reads every record through `path` while the good client publishes; checks both, keeps the figures. */
  async function readWhileServed(path: string, reader: () => Promise<ConsumedRecord[]>): Promise<void> {
    good.start();
    const started = performance.now();
    let read: ConsumedRecord[];
    let served: Served;
    try {
      read = await reader();
    } finally {
      // Stopped whatever the reader did, so a failed read leaves no publishing loop behind.
      served = await good.stop();
    }
    const readMs = performance.now() - started;
    figures[path] = {
      readMs: Math.round(readMs),
      goodPublishes: served.count,
      goodP50Ms: Math.round(served.p50),
      goodP99Ms: Math.round(served.p99),
      goodMaxMs: Math.round(served.max),
      gatewayRssPeakMiB: Math.round(served.rss),
    };
    const differences = records.flatMap((written, n) => {
      const differs = difference(read[n], written);
      return differs === undefined ? [] : [`record ${n}: ${differs}`];
    });
    expect(differences).toEqual([]);
    expect(read).toHaveLength(runs);
    expect(served.failures).toEqual([]);
    expect(served.count).toBeGreaterThan(0);
    expect(served.max).toBeLessThan(goodCallBoundMs);
    expect(served.rss).toBeLessThan(rssBoundMiB);
    const errors = gateway.logLines.filter((line) => /"level":(50|60)/.test(line));
    expect(errors).toEqual([]);
  }

  it("Subscribe delivers every record as written", async () => {
    const client = new ServiceClient(SubscribeService, gateway.address, {
      credentials: credentials.createInsecure(),
    });
    try {
      await readWhileServed(
        "subscribe",
        () =>
          new Promise<ConsumedRecord[]>((resolve, reject) => {
            const read: ConsumedRecord[] = [];
            const call = client.serverStream("subscribe", { topics: [topic] });
            const timer = setTimeout(
              () => reject(new Error(`${read.length} of ${runs} records in ${readTimeoutMs} ms`)),
              readTimeoutMs,
            );
            call.on("data", (response: SubscribeResponse) => {
              read.push(...response.records);
              if (read.length < runs) return;
              clearTimeout(timer);
              call.cancel();
              resolve(read);
            });
            call.on("error", (error: ServiceError) => {
              if (error.code !== status.CANCELLED) reject(fromGrpcError(error));
            });
          }),
      );
    } finally {
      client.close();
    }
  });

  it("Process delivers every record as written and commits every batch", async () => {
    const worker = new RawWorker(gateway.address, {
      group: uniqueId("fuzz-read"),
      topics: [topic],
      workerId: uniqueId("fuzz-reader"),
      transform: () => [],
    });
    await readWhileServed("process", async () => {
      const read = () => worker.batches.flatMap((batch) => batch.records);
      await worker.waitUntil(() => read().length >= runs, `it read ${runs} records`, readTimeoutMs);
      await worker.waitUntil(() => worker.acks.length === worker.batches.length, "its batches committed");
      return read();
    });
    expect(worker.rejections).toEqual([]);
    expect(await worker.leave()).toBeUndefined();
  });
});
