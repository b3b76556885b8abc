import { randomBytes } from "node:crypto";
import {
  type GatewayProcess,
  type LaunchGatewayOptions,
  launchGateway,
} from "@onceport/gateway-fixture/launcher";
import { createTopics, deleteTopics } from "@onceport/kafka-dev/testing";
import { CpuWatch } from "./measure/cpu-watch.ts";
import type { BenchOptions } from "./options.ts";

/**
 * What every case shares: the broker, names unique to this bench run, and
 * clean-up. Everything a case creates on the shared broker (topics, the
 * gateways' receipts topics) is deleted when the case ends: the bench writes
 * gigabytes, and other engineers' tests use the same broker.
 */
export class BenchContext {
  readonly options: BenchOptions;
  readonly brokers: readonly string[];
  readonly brokerPid: number | undefined;
  /** Short and unique to this run: every topic, client id and transactional id carries it. */
  readonly runId = randomBytes(3).toString("hex");
  private readonly topics = new Set<string>();
  private readonly gateways = new Set<GatewayProcess>();
  private sequence = 0;

  constructor(options: BenchOptions, brokers: readonly string[], brokerPid: number | undefined) {
    this.options = options;
    this.brokers = brokers;
    this.brokerPid = brokerPid;
  }

  log(line: string): void {
    process.stderr.write(`[bench] ${line}\n`);
  }

  /** A name unique in this run, e.g. `bench-<run>-stream-7`. */
  unique(prefix: string): string {
    return `bench-${this.runId}-${prefix}-${++this.sequence}`;
  }

  get timing(): { warmupMs: number; durationMs: number } {
    return { warmupMs: this.options.warmupMs, durationMs: this.options.durationMs };
  }

  /** How long a driver may take before it is killed. */
  get driverTimeoutMs(): number {
    return this.options.warmupMs + this.options.durationMs + 90_000;
  }

  /** A topic the case made itself, deleted with the case's others. */
  adoptTopic(topic: string): void {
    this.topics.add(topic);
  }

  async createTopic(prefix: string, partitions: number): Promise<string> {
    const topic = this.unique(prefix);
    await createTopics(this.brokers, [{ topic, numPartitions: partitions }]);
    this.topics.add(topic);
    return topic;
  }

  /**
   * A gateway process with a receipts topic of its own, as a fresh deployment
   * would have, so runs do not inherit each other's keys (the catch-up reads,
   * memory, GC).
   */
  async startGateway(options: LaunchGatewayOptions = {}): Promise<GatewayProcess> {
    const receiptsTopic = `__onceport_${this.unique("receipts")}`;
    this.topics.add(receiptsTopic);
    const gateway = await launchGateway({
      ...options,
      flags: {
        brokers: this.brokers.join(","),
        "transactional-id-prefix": `${this.unique("gw")}-`,
        "receipts-topic": receiptsTopic,
        // The receipts topic's retention: an hour is plenty for a bench.
        "idempotency-window-ms": String(3_600_000),
        "shutdown-grace-ms": "2000",
        "log-level": "info",
        ...options.flags,
      },
    });
    this.gateways.add(gateway);
    return gateway;
  }

  async stopGateway(gateway: GatewayProcess): Promise<void> {
    this.gateways.delete(gateway);
    await gateway.stop(15_000);
  }

  /** Watches the CPU time of the broker and of these gateways inside a driver's window. */
  cpuWatch(gateways: Readonly<Record<string, GatewayProcess>> = {}): CpuWatch {
    return new CpuWatch({
      broker: this.brokerPid,
      ...Object.fromEntries(Object.entries(gateways).map(([name, gateway]) => [name, gateway.pid])),
    });
  }

  /** Stops the case's gateways and deletes its topics. */
  async cleanUp(): Promise<void> {
    await Promise.all([...this.gateways].map((gateway) => gateway.stop(15_000)));
    this.gateways.clear();
    const topics = [...this.topics];
    this.topics.clear();
    if (topics.length === 0) return;
    try {
      await deleteTopics(this.brokers, topics);
    } catch {
      // One missing topic (a gateway that never started) fails the whole call: go one by one.
      for (const topic of topics) {
        await deleteTopics(this.brokers, [topic]).catch((error: unknown) => {
          this.log(`could not delete topic ${topic}: ${error instanceof Error ? error.message : error}`);
        });
      }
    }
  }
}
