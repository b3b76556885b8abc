// The gateway's limits under load, and what they cost in memory: a benchmark-style script,
// not a test (its figures depend on the machine). It starts a gateway process with small
// limits against the local broker, hits every limit on purpose, prints what each attack got
// back and the gateway's resident memory after it, and exits 1 if RSS grew by more than
// --max-growth-mib over the run.
//
//   node apps/gateway/bench/limits-memory.ts [--rounds 3] [--heap-mib 160] [--max-growth-mib 384]
//     [--max-round-growth-mib 64]
//
// Memory is bounded when it settles: the first round grows the heap to its working size, and
// every later round, as hard as the first, must add little (--max-round-growth-mib).
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { create } from "@bufbuild/protobuf";
import { PublishStreamRequestSchema } from "@onceport/api";
import { fromGrpcError } from "@onceport/errors";
import { ensureLocalBroker, LOCAL_BROKERS } from "@onceport/kafka-dev";
import { createTopics, uniqueTopicName } from "@onceport/kafka-dev/testing";
import { startGatewayProcess } from "../test/support/gateway-process.ts";
import { record } from "../test/support/records.ts";
import { uniqueId } from "../test/support/test-gateway.ts";

const { values } = parseArgs({
  options: {
    "max-growth-mib": { type: "string", default: "384" },
    "max-round-growth-mib": { type: "string", default: "64" },
    rounds: { type: "string", default: "3" },
    "heap-mib": { type: "string", default: "160" },
    scale: { type: "string", default: "1" },
  },
});
const maxGrowthMiB = Number(values["max-growth-mib"]);
const scale = Number(values.scale);
const rounds = Math.max(2, Number(values.rounds));
const maxRoundGrowthMiB = Number(values["max-round-growth-mib"]);

const limits = {
  "max-sessions": "100",
  "max-sessions-per-principal": "20",
  "max-open-transactions": "5",
  "rate-limit-per-principal": "1000",
  "rate-limit-burst": "500",
  "max-record-bytes": String(64 * 1024),
  "max-request-bytes": String(512 * 1024),
  "max-records-per-publish": "100",
  "max-queued-per-session": "50",
  "stream-window-records": "2000",
  "stream-max-batch-records": "500",
};

const lease = await ensureLocalBroker();
const topic = uniqueTopicName("limits-bench");
await createTopics(LOCAL_BROKERS, [{ topic, numPartitions: 2 }]);
// A receipts topic of its own: the shared one holds every benchmark's keys, and a gateway
// reads all of it into memory, which would swamp the figures.
const gateway = await startGatewayProcess({
  // A capped heap: V8 collects lazily up to its (large) default, so without a cap RSS would
  // measure the collector's appetite; with one, anything that really leaks runs out of heap.
  env: { NODE_OPTIONS: `--max-old-space-size=${values["heap-mib"]}` },
  flags: {
    ...limits,
    "log-level": "warn",
    "receipts-topic": `__${uniqueTopicName("receipts")}`,
    "receipts-partitions": "1",
  },
});
const pid = gateway.child.pid ?? 0;
const client = gateway.client;

const rssMiB = (): number => {
  const line = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return Number(line?.[1] ?? 0) / 1024;
};
const rows: { attack: string; calls: number; outcomes: string; rssMiB: number; seconds: number }[] = [];

/** Runs `count` calls, `concurrency` at a time, and tallies what they got back. */
async function attack(
  name: string,
  count: number,
  concurrency: number,
  call: (i: number) => Promise<unknown>,
) {
  const started = Date.now();
  const outcomes = new Map<string, number>();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const outcome = await call(i).then(
          () => "OK",
          (error: unknown) => fromGrpcError(error).reason,
        );
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      }
    }),
  );
  const row = {
    attack: name,
    calls: count,
    outcomes: [...outcomes].map(([outcome, n]) => `${outcome} ${n}`).join(", "),
    rssMiB: Math.round(rssMiB()),
    seconds: (Date.now() - started) / 1000,
  };
  rows.push(row);
  process.stdout.write(
    `${row.attack.padEnd(34)} ${String(row.calls).padStart(6)} calls  RSS ${row.rssMiB} MiB  ${row.outcomes}\n`,
  );
}

// Warm up (the first sessions, JIT, Kafka connections), then take the baseline.
const warm = await client.call("openSession", { clientId: uniqueId("bench-warm") });
for (let i = 0; i < 20; i++) {
  await client.call("publish", {
    sessionId: warm.sessionId,
    idempotencyKey: `w${i}`,
    records: [record(topic, "warm")],
  });
}
global.gc?.();
const baseline = rssMiB();
process.stdout.write(
  `gateway pid ${pid}, baseline RSS ${baseline.toFixed(0)} MiB, limits ${JSON.stringify(limits)}\n`,
);

// Sessions of their own for the queue and the stream: the transaction attack leaves transactions open.
const queued = await client.call("openSession", { clientId: uniqueId("bench-queue") });
const streamed = await client.call("openSession", { clientId: uniqueId("bench-stream") });
const sessions: string[] = [];
const roundEnds: number[] = [];
for (let round = 1; round <= rounds; round++) {
  process.stdout.write(`round ${round}\n`);
  await attack("open sessions (principal limit 20)", 300 * scale, 30, async (i) => {
    const { sessionId } = await client.call("openSession", { clientId: `bench-s-${round}-${i}` });
    sessions.push(sessionId);
  });
  await attack("open transactions (limit 5)", sessions.length, 20, (i) =>
    client.call("beginTransaction", { sessionId: sessions[i] ?? "", idempotencyKey: `t${i}` }),
  );
  const big = Buffer.alloc(80 * 1024, 1);
  await attack("records over 64 KiB", 200 * scale, 20, (i) =>
    client.call("publish", {
      sessionId: warm.sessionId,
      idempotencyKey: `big${i}`,
      records: [{ topic, value: big }],
    }),
  );
  const chunk = Buffer.alloc(60 * 1024, 2);
  await attack("publishes over 512 KiB", 100 * scale, 10, (i) =>
    client.call("publish", {
      sessionId: warm.sessionId,
      idempotencyKey: `huge${i}`,
      records: Array.from({ length: 12 }, () => ({ topic, value: chunk })),
    }),
  );
  await attack("101 records in one publish", 200 * scale, 20, (i) =>
    client.call("publish", {
      sessionId: warm.sessionId,
      idempotencyKey: `many${i}`,
      records: Array.from({ length: 101 }, () => record(topic, "x")),
    }),
  );
  await attack("queued calls on one session (50)", 1000 * scale, 500, (i) =>
    client.call("publish", {
      sessionId: queued.sessionId,
      idempotencyKey: `q${i}`,
      records: [record(topic, "q")],
    }),
  );
  await attack("request rate (1000/s, burst 500)", 20_000 * scale, 200, () =>
    client.call("closeSession", { sessionId: "no-such-session" }),
  );

  // A publish stream whose client never reads an acknowledgement: the gateway stops reading at
  // its window (2000 records), so HTTP/2 flow control holds the rest at the client.
  {
    const started = Date.now();
    const stream = client.publishStream();
    stream.on("error", () => {});
    stream.pause();
    stream.write(
      create(PublishStreamRequestSchema, {
        kind: { case: "open", value: { sessionId: streamed.sessionId } },
      }),
    );
    const value = Buffer.alloc(1024, 3);
    let written = 0;
    const total = 50_000 * scale;
    while (written < total) {
      const more = stream.write(
        create(PublishStreamRequestSchema, {
          kind: { case: "publish", value: { idempotencyKey: `st${written}`, records: [{ topic, value }] } },
        }),
      );
      written++;
      if (!more) await new Promise((resolve) => setTimeout(resolve, 5));
      if (Date.now() - started > 20_000) break;
    }
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const row = {
      attack: "stream never read (window 2000)",
      calls: written,
      outcomes: "writes accepted by the client",
      rssMiB: Math.round(rssMiB()),
      seconds: (Date.now() - started) / 1000,
    };
    rows.push(row);
    process.stdout.write(
      `${row.attack.padEnd(34)} ${String(row.calls).padStart(6)} msgs   RSS ${row.rssMiB} MiB\n`,
    );
    stream.cancel();
  }
  await new Promise((resolve) => setTimeout(resolve, 2000));
  roundEnds.push(rssMiB());
}

const final = rssMiB();
const peak = Math.max(...rows.map((row) => row.rssMiB), final);
const laterGrowth = Math.max(...roundEnds.slice(1).map((end, index) => end - (roundEnds[index] ?? end)));
const alive = gateway.child.exitCode === null;
process.stdout.write(
  `\nbaseline ${baseline.toFixed(0)} MiB, after each round ${roundEnds.map((end) => end.toFixed(0)).join(", ")} MiB, peak ${peak.toFixed(0)} MiB; gateway ${alive ? "still up" : "DIED"}\n`,
);
await gateway.kill("SIGTERM");
await lease.release();
const ok = alive && peak - baseline <= maxGrowthMiB && laterGrowth <= maxRoundGrowthMiB;
process.stdout.write(
  `${ok ? "PASS" : "FAIL"}: growth ${(peak - baseline).toFixed(0)} MiB in all (bound ${maxGrowthMiB}), at most ${laterGrowth.toFixed(0)} MiB in a later round (bound ${maxRoundGrowthMiB})\n`,
);
process.exit(ok ? 0 : 1);
