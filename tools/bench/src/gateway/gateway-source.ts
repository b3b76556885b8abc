import type { GatewayProcess, LaunchGatewayOptions } from "@onceport/gateway-fixture/launcher";
import type { BenchContext } from "../bench-context.ts";

/**
 * Gateways for the runs of one variant: a fresh process per run where the
 * gateway's state would otherwise carry over (the keys its sessions hold grow
 * with every publish, and so does its garbage collection), or one for all runs.
 */
export class GatewaySource {
  private shared: Promise<GatewayProcess> | undefined;
  private readonly ctx: BenchContext;
  private readonly options: LaunchGatewayOptions;
  private readonly freshPerRun: boolean;

  constructor(ctx: BenchContext, options: LaunchGatewayOptions, freshPerRun: boolean) {
    this.ctx = ctx;
    this.options = options;
    this.freshPerRun = freshPerRun;
  }

  async use<T>(work: (gateway: GatewayProcess) => Promise<T>): Promise<T> {
    if (!this.freshPerRun) {
      this.shared ??= this.ctx.startGateway(this.options);
      return work(await this.shared);
    }
    const gateway = await this.ctx.startGateway(this.options);
    try {
      return await work(gateway);
    } finally {
      await this.ctx.stopGateway(gateway);
    }
  }
}
