import { create } from "@bufbuild/protobuf";
import { RecordSchema } from "@onceport/api";
import { createTopics } from "@onceport/kafka-dev/testing";
import type { BenchContext } from "../bench-context.ts";
import { sleep } from "../drivers/window.ts";
import { GatewayClient } from "../gateway/gateway-client.ts";
import { residentBytes } from "../gateway/process-stats.ts";
import { latencySummary } from "../measure/stats.ts";
import type { IdempotencyKeysRun } from "../report/tables.ts";
import { type LoadedClient, loadedKey, loadReceipts } from "./receipts-loader.ts";

const mib = 2 ** 20;
/** The gateway's default receipts partitions (--receipts-partitions). */
const receiptsPartitions = 64;
const spreadClients = 10_000;
/** Opens measured per named client: each a takeover (fencing, marker, catch-up). */
const opensPerClient = 5;

/**
 * What a gateway's idempotency keys cost as the receipts window grows: the window written
 * directly to a receipts topic (receipts-loader.ts), then a gateway started on it, sessions
 * opened, and an evicted key retried.
 */
export async function idempotencyKeysCase(ctx: BenchContext): Promise<IdempotencyKeysRun[]> {
  // --quick proves the harness: a small window, clients of 10, 1,000 and 15,000 keys (the
  // last still above one client's memory budget, so its first keys are evicted).
  const sizes = ctx.options.quick ? [40_000] : [1_000_000, 10_000_000];
  const named = ctx.options.quick ? [10, 1_000, 15_000] : [10, 10_000, 100_000];
  const runs: IdempotencyKeysRun[] = [];
  for (const keys of sizes) {
    runs.push(await keysRun(ctx, keys, named));
    await ctx.cleanUp();
  }
  return runs;
}

async function keysRun(
  ctx: BenchContext,
  totalKeys: number,
  namedSizes: readonly number[],
): Promise<IdempotencyKeysRun> {
  const receiptsTopic = `__onceport_${ctx.unique("keys-receipts")}`;
  await createTopics(ctx.brokers, [{ topic: receiptsTopic, numPartitions: receiptsPartitions }]);
  ctx.adoptTopic(receiptsTopic);
  const resultsTopic = await ctx.createTopic("keys-results", 1);
  const prefix = ctx.unique("keys-client");
  const named: LoadedClient[] = namedSizes.map((keys) => ({
    clientId: `${prefix}-with-${keys}`,
    keys,
  }));
  const namedKeys = named.reduce((sum, client) => sum + client.keys, 0);
  const loadStarted = performance.now();
  const bytes = await loadReceipts(ctx.brokers, {
    topic: receiptsTopic,
    partitions: receiptsPartitions,
    resultsTopic,
    named,
    spreadKeys: totalKeys - namedKeys,
    spreadClients,
    clientPrefix: `${prefix}-`,
  });
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  ctx.log(
    `idempotency keys: ${totalKeys} keys (${(bytes / mib).toFixed(0)} MiB) loaded in ${loadSeconds.toFixed(0)} s`,
  );

  const startedAt = performance.now();
  const gateway = await ctx.startGateway({
    flags: { "receipts-topic": receiptsTopic, "idempotency-window-ms": String(24 * 3_600_000) },
  });
  const startSeconds = (performance.now() - startedAt) / 1000;
  await sleep(1_000);
  const rssAfterStart = await residentBytes(gateway.pid);
  const client = new GatewayClient(gateway.address);
  try {
    // 100 sessions of clients holding an even share of the window each.
    const spread = Array.from({ length: 100 }, (_, i) => `${prefix}-${i * 97}`);
    const spreadOpens: number[] = [];
    for (const clientId of spread) {
      const opened = performance.now();
      await client.call("openSession", { clientId });
      spreadOpens.push(performance.now() - opened);
    }
    const rssAfterSessions = await residentBytes(gateway.pid);
    const sessionOpen = [
      {
        clientKeys: Math.floor((totalKeys - namedKeys) / spreadClients),
        ...latencyOf(spreadOpens),
      },
    ];
    for (const { clientId, keys } of named) {
      const opens: number[] = [];
      for (let i = 0; i < opensPerClient; i++) {
        const opened = performance.now();
        await client.call("openSession", { clientId });
        opens.push(performance.now() - opened);
      }
      sessionOpen.push({ clientKeys: keys, ...latencyOf(opens) });
    }
    // The largest client holds about 11,000 of its keys in 4 MiB: its first keys were evicted.
    const largest = named.at(-1);
    if (!largest) throw new Error("no named client");
    const { sessionId } = await client.call("openSession", { clientId: largest.clientId });
    const duplicates: number[] = [];
    for (let i = 0; i < opensPerClient; i++) {
      const idempotencyKey = loadedKey(largest.clientId, i * 7);
      const asked = performance.now();
      const answer = await client.call("publish", {
        sessionId,
        idempotencyKey,
        records: [create(RecordSchema, { topic: resultsTopic, value: Buffer.from("retry") })],
      });
      duplicates.push(performance.now() - asked);
      if (!answer.duplicate)
        throw new Error(`the evicted key ${idempotencyKey} was not answered as a duplicate`);
    }
    return {
      keys: totalKeys,
      clients: spreadClients + named.length,
      receiptsMiB: bytes / mib,
      loadSeconds,
      startSeconds,
      rssAfterStartMiB: rssAfterStart / mib,
      rssAfterSessionsMiB: rssAfterSessions / mib,
      sessionOpen,
      evictedDuplicate: latencyOf(duplicates),
    };
  } finally {
    client.close();
  }
}

function latencyOf(samples: readonly number[]): { p50Ms: number; p99Ms: number; samples: number } {
  const summary = latencySummary(samples);
  return { p50Ms: summary.p50, p99Ms: summary.p99, samples: samples.length };
}
