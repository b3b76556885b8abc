import type { KafkaAdmin } from "@onceport/kafka";
import { HealthImplementation, type ServingStatus } from "grpc-health-check";
import type { Logger } from "../logger.ts";

/**
 * grpc.health.v1 for the gateway: SERVING only while Kafka answers. Probed on
 * an interval, so a health check costs the caller nothing.
 */
export class KafkaHealth {
  readonly implementation: HealthImplementation;
  private timer: NodeJS.Timeout | undefined;
  private current: ServingStatus = "NOT_SERVING";

  private readonly admin: KafkaAdmin;
  private readonly services: readonly string[];
  private readonly logger: Logger;
  private readonly intervalMs: number;

  constructor(admin: KafkaAdmin, services: readonly string[], logger: Logger, intervalMs: number = 5_000) {
    this.admin = admin;
    this.services = services;
    this.logger = logger;
    this.intervalMs = intervalMs;
    this.implementation = new HealthImplementation(
      Object.fromEntries(["", ...services].map((service) => [service, "NOT_SERVING" as const])),
    );
  }

  /** What the health service answers now, for every service it covers. */
  get status(): ServingStatus {
    return this.current;
  }

  /** Probes now, then on the interval. */
  async start(): Promise<void> {
    await this.probe();
    this.timer = setInterval(() => {
      this.probe().catch(() => {});
    }, this.intervalMs);
    this.timer.unref();
  }

  /** NOT_SERVING from now on: the gateway is going away. */
  stop(): void {
    clearInterval(this.timer);
    this.set("NOT_SERVING");
  }

  private async probe(): Promise<void> {
    try {
      await this.admin.describeCluster();
      this.set("SERVING");
    } catch (error) {
      if (this.current === "SERVING") this.logger.warn({ err: error }, "Kafka is unreachable: NOT_SERVING");
      this.set("NOT_SERVING");
    }
  }

  private set(status: ServingStatus): void {
    this.current = status;
    for (const service of ["", ...this.services]) this.implementation.setStatus(service, status);
  }
}
