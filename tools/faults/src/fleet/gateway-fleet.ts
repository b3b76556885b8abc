// The gateways of a scenario, by name ("A", "B"), all with the same transactional.id prefix and
// receipts topic (as gateways behind one load balancer are), each restartable after a fault.
import { join } from "node:path";
import { type GatewayExit, type GatewayProcess, launchGateway } from "@onceport/gateway-fixture/launcher";

export interface FleetOptions {
  readonly brokers: readonly string[];
  readonly transactionalIdPrefix: string;
  readonly receiptsTopic: string;
  /** More gateway flags, without the leading `--`. */
  readonly flags?: Readonly<Record<string, string>>;
  readonly env?: Readonly<Record<string, string>>;
  /** Test-only fault hooks of every gateway (LaunchGatewayOptions.testFlags: the gateway's test entry point runs them). */
  readonly testFlags?: Readonly<Record<string, string>>;
  /** Where the gateways' logs go. */
  readonly workDir: string;
}

export class GatewayFleet {
  private readonly gateways = new Map<string, GatewayProcess>();
  private readonly generations = new Map<string, number>();
  private readonly options: FleetOptions;

  constructor(options: FleetOptions) {
    this.options = options;
  }

  /** The gateways' names, sorted (not in the order their starts happened to finish). */
  get names(): string[] {
    return [...this.gateways.keys()].sort();
  }

  /** Starts (or starts again, after a fault) the gateway called `name`. */
  async start(
    name: string,
    extra: { testFlags?: Readonly<Record<string, string>> } = {},
  ): Promise<GatewayProcess> {
    const running = this.gateways.get(name);
    if (running?.isAlive()) throw new Error(`gateway ${name} is running already`);
    const generation = (this.generations.get(name) ?? 0) + 1;
    this.generations.set(name, generation);
    const gateway = await launchGateway({
      flags: {
        brokers: this.options.brokers.join(","),
        "transactional-id-prefix": this.options.transactionalIdPrefix,
        "receipts-topic": this.options.receiptsTopic,
        "shutdown-grace-ms": "2000",
        "log-level": "info",
        ...this.options.flags,
      },
      env: { ...this.options.env },
      testFlags: { ...this.options.testFlags, ...extra.testFlags },
      logFile: join(this.options.workDir, `gateway-${name}-${generation}.log`),
    });
    this.gateways.set(name, gateway);
    return gateway;
  }

  gateway(name: string): GatewayProcess {
    const gateway = this.gateways.get(name);
    if (!gateway) throw new Error(`no gateway ${name}`);
    return gateway;
  }

  address(name: string): string {
    return this.gateway(name).address;
  }

  /** How many gateway processes were started in all. */
  get starts(): number {
    return [...this.generations.values()].reduce((sum, count) => sum + count, 0);
  }

  async kill(name: string): Promise<GatewayExit> {
    return await this.gateway(name).kill();
  }

  /** SIGTERM (the gateway's graceful stop); SIGKILL if it takes longer than 30 s. */
  async terminate(name: string): Promise<GatewayExit> {
    return await this.gateway(name).stop(30_000);
  }

  pause(name: string): void {
    this.gateway(name).signal("SIGSTOP");
  }

  resume(name: string): void {
    this.gateway(name).signal("SIGCONT");
  }

  /** Stops every gateway still running, gracefully (SIGKILL after 15 s). */
  async stopAll(): Promise<void> {
    await Promise.all(
      [...this.gateways.values()].map(async (gateway) => {
        await gateway.stop(15_000);
      }),
    );
  }
}
