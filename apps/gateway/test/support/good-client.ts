import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { fromGrpcError } from "@onceport/errors";
import type { GatewayProcess } from "./gateway-process.ts";
import { record } from "./records.ts";
import { uniqueId } from "./test-gateway.ts";

/** A process's resident memory, from /proc. */
export function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmRSS:\s+(\d+) kB/m);
  return Number(line?.[1] ?? 0) / 1024;
}

/** How the good client was served while it ran. */
export interface Served {
  readonly count: number;
  readonly failures: string[];
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  /** The gateway process's peak RSS, MiB. */
  readonly rss: number;
}

/** One well-behaved client beside an attack: a publish at a time, each timed, for as long as it runs. */
export class GoodClient {
  private readonly latencies: number[] = [];
  private readonly failures: string[] = [];
  private running: Promise<void> | undefined;
  private stopping = false;
  private peakRss = 0;
  private readonly gateway: GatewayProcess;
  private readonly topic: string;

  constructor(gateway: GatewayProcess, topic: string) {
    this.gateway = gateway;
    this.topic = topic;
  }

  start(): void {
    this.stopping = false;
    this.latencies.length = 0;
    this.failures.length = 0;
    this.peakRss = 0;
    this.running = this.loop();
  }

  /** Stops, and says how it went while it ran. */
  async stop(): Promise<Served> {
    this.stopping = true;
    await this.running;
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
    return {
      count: sorted.length,
      failures: [...this.failures],
      p50: at(0.5),
      p99: at(0.99),
      max: sorted.at(-1) ?? 0,
      rss: this.peakRss,
    };
  }

  private async loop(): Promise<void> {
    const { sessionId } = await this.gateway.client.call("openSession", { clientId: uniqueId("good") });
    let n = 0;
    while (!this.stopping) {
      const started = performance.now();
      try {
        await this.gateway.client.call(
          "publish",
          { sessionId, idempotencyKey: uniqueId("k"), records: [record(this.topic, `good-${n++}`)] },
          { timeoutMs: 30_000 },
        );
        this.latencies.push(performance.now() - started);
      } catch (error) {
        this.failures.push(fromGrpcError(error).message);
      }
      this.peakRss = Math.max(this.peakRss, rssMiB(this.gateway.child.pid ?? 0));
      await sleep(20);
    }
  }
}
