import type { GatewayProcess } from "@onceport/gateway-fixture/launcher";
import type { BenchContext } from "../bench-context.ts";
import { runDriver } from "../drivers/run-driver.ts";
import { sleep } from "../drivers/window.ts";
import { openSockets, residentBytes } from "../gateway/process-stats.ts";
import { latencySummary, summarize } from "../measure/stats.ts";
import type { SessionsRow, SessionsSample, SessionsTable } from "../report/tables.ts";
import { interleaved } from "./interleave.ts";

const mib = 2 ** 20;

/** The gateway's RSS and open sockets, sampled until stopped: the peaks. */
class PeakSampler {
  peakRss = 0;
  peakSockets = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(pid: number) {
    this.timer = setInterval(() => {
      void Promise.all([residentBytes(pid), openSockets(pid)]).then(([rss, sockets]) => {
        this.peakRss = Math.max(this.peakRss, rss);
        this.peakSockets = Math.max(this.peakSockets, sockets);
      });
    }, 250);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/** Each session publishes once per this interval: a low rate, 200 publishes/s in all at most. */
function publishIntervalMs(sessions: number, quick: boolean): number {
  if (quick) return 500;
  return Math.max(1_000, sessions * 5);
}

async function sessionsRun(ctx: BenchContext, sessions: number, topic: string): Promise<SessionsSample> {
  const intervalMs = publishIntervalMs(sessions, ctx.options.quick);
  // Idle means no call for two publish intervals; the gateway sweeps every min(idle, 5 s).
  const idleMs = Math.max(1_000, 2 * intervalMs);
  const gateway: GatewayProcess = await ctx.startGateway({
    flags: { "max-sessions": String(Math.max(1_000, sessions)), "session-idle-timeout-ms": String(idleMs) },
  });
  try {
    await sleep(500);
    const idleSocketsBefore = await openSockets(gateway.pid);
    const sampler = new PeakSampler(gateway.pid);
    const result = await runDriver(
      {
        kind: "sessions",
        address: gateway.address,
        clientIdPrefix: `${ctx.unique("sessions")}-`,
        sessions,
        openConcurrency: 20,
        topic,
        recordBytes: 100,
        publishIntervalMs: intervalMs,
        durationMs: ctx.options.quick
          ? ctx.options.durationMs
          : Math.max(ctx.options.durationMs, 2 * intervalMs),
        closeSessions: false,
      },
      { timeoutMs: ctx.driverTimeoutMs + 120_000 },
    );
    sampler.stop();
    // Released when idle: wait for the sweep to close every session and its producer's connections.
    const deadline = Date.now() + idleMs + Math.min(idleMs, 5_000) + 15_000;
    let sockets = await openSockets(gateway.pid);
    while (sockets > idleSocketsBefore + 2 && Date.now() < deadline) {
      await sleep(500);
      sockets = await openSockets(gateway.pid);
    }
    const latency = latencySummary(result.latenciesMs);
    return {
      opened: result.opened,
      openSeconds: result.openSeconds,
      peakRssMiB: sampler.peakRss / mib,
      p99Ms: latency.p99,
      peakSockets: sampler.peakSockets,
      idleRssMiB: (await residentBytes(gateway.pid)) / mib,
      idleSockets: sockets,
      publishes: latency.count,
      errors: result.errors,
      firstError: result.firstError,
    };
  } finally {
    await ctx.stopGateway(gateway);
  }
}

/** What a gateway holds with no session: the floor the sessions' figures stand on. */
async function emptyGateway(ctx: BenchContext): Promise<{ rssMiB: number; sockets: number }> {
  const gateway = await ctx.startGateway();
  try {
    await sleep(1_000);
    return { rssMiB: (await residentBytes(gateway.pid)) / mib, sockets: await openSockets(gateway.pid) };
  } finally {
    await ctx.stopGateway(gateway);
  }
}

/**
 * Case 4: 10, 100 and 1,000 concurrent sessions (each its own transactional
 * producer in the gateway) publishing at a low rate: time to open them all,
 * the gateway's peak RSS, publish p99; then, left idle, whether the gateway
 * closed them and released their producers (RSS and sockets afterwards).
 * A fresh gateway per run, so RSS is this run's alone.
 */
export async function sessionsCase(ctx: BenchContext): Promise<SessionsTable> {
  const topic = await ctx.createTopic("sessions", 1);
  const empty: { rssMiB: number; sockets: number }[] = [];
  const results = await interleaved<SessionsSample>(
    ctx.options.runs,
    ctx.options.matrix.sessionCounts.map((count) => ({
      name: String(count),
      run: async (round: number) => {
        if (count === ctx.options.matrix.sessionCounts[0] && empty.length <= round)
          empty.push(await emptyGateway(ctx));
        return sessionsRun(ctx, count, topic);
      },
    })),
    (line) => ctx.log(line),
  );
  const rows = [...results].map(([count, samples]): SessionsRow => {
    const of = (pick: (sample: SessionsSample) => number) => summarize(samples.map(pick));
    return {
      sessions: Number(count),
      opened: of((sample) => sample.opened),
      openSeconds: of((sample) => sample.openSeconds),
      peakRssMiB: of((sample) => sample.peakRssMiB),
      p99Ms: of((sample) => sample.p99Ms),
      peakSockets: of((sample) => sample.peakSockets),
      idleRssMiB: of((sample) => sample.idleRssMiB),
      idleSockets: of((sample) => sample.idleSockets),
      publishes: samples.reduce((sum, sample) => sum + sample.publishes, 0),
      errors: samples.reduce((sum, sample) => sum + sample.errors, 0),
      firstError: samples.find((sample) => sample.firstError !== undefined)?.firstError,
    };
  });
  return {
    baselineRssMiB: summarize(empty.map((sample) => sample.rssMiB)),
    baselineSockets: summarize(empty.map((sample) => sample.sockets)),
    rows,
  };
}
