import type { GatewayProcess } from "@onceport/gateway-fixture/launcher";
import type { BenchContext } from "../bench-context.ts";
import type { LatencyResult } from "../drivers/driver-spec.ts";
import { runDriver } from "../drivers/run-driver.ts";
import { GatewayClient } from "../gateway/gateway-client.ts";
import { latencySummary } from "../measure/stats.ts";
import type { LatencySample } from "../report/tables.ts";
import { runGhz } from "../tools/ghz.ts";

export interface UnaryLoadShape {
  readonly topic: string;
  readonly recordBytes: number;
  readonly recordsPerPublish: number;
  /** 0: closed loop (saturation). */
  readonly ratePerSec: number;
}

function sample(latenciesMs: readonly number[], seconds: number, errors: number): LatencySample {
  const summary = latencySummary(latenciesMs);
  return {
    p50: summary.p50,
    p99: summary.p99,
    p999: summary.p999,
    count: summary.count,
    publishesPerSec: summary.count / seconds,
    errors,
  };
}

function fromDriver(result: LatencyResult): LatencySample {
  return sample(result.latenciesMs, result.seconds, result.errors);
}

/** The baseline: the same publish as one direct kafkajs transaction. */
export async function kafkajsUnaryRun(ctx: BenchContext, load: UnaryLoadShape): Promise<LatencySample> {
  const result = await runDriver(
    {
      kind: "kafkajs-unary",
      brokers: ctx.brokers,
      transactionalId: ctx.unique("kafkajs-unary"),
      ...load,
      ...ctx.timing,
    },
    { timeoutMs: ctx.driverTimeoutMs },
  );
  return fromDriver(result);
}

/** Publish through the gateway from a Node process with a raw gRPC client. */
export async function gatewayUnaryRun(
  ctx: BenchContext,
  gateway: GatewayProcess,
  load: UnaryLoadShape,
): Promise<LatencySample> {
  const result = await runDriver(
    {
      kind: "gateway-unary",
      address: gateway.address,
      clientId: ctx.unique("unary"),
      ...load,
      ...ctx.timing,
    },
    { timeoutMs: ctx.driverTimeoutMs },
  );
  return fromDriver(result);
}

/** Publish through the gateway with the TypeScript SDK, from a Node process. */
export async function sdkUnaryRun(
  ctx: BenchContext,
  gateway: GatewayProcess,
  load: UnaryLoadShape,
): Promise<LatencySample> {
  const result = await runDriver(
    {
      kind: "sdk-unary",
      address: gateway.address,
      clientId: ctx.unique("sdk-unary"),
      ...load,
      ...ctx.timing,
    },
    { timeoutMs: ctx.driverTimeoutMs },
  );
  return fromDriver(result);
}

/** Publish through the gateway from ghz, on a session opened for it. */
export async function ghzUnaryRun(
  ctx: BenchContext,
  ghz: string,
  gateway: GatewayProcess,
  load: UnaryLoadShape,
): Promise<LatencySample> {
  const client = new GatewayClient(gateway.address);
  const { sessionId } = await client.call("openSession", { clientId: ctx.unique("ghz") });
  try {
    const value = Buffer.alloc(load.recordBytes);
    for (let i = 0; i < value.length; i++) value[i] = Math.floor(Math.random() * 256);
    const record = { topic: load.topic, value: value.toString("base64") };
    const result = await runGhz({
      binary: ghz,
      address: gateway.address,
      call: "onceport.v1.GatewayService/Publish",
      data: {
        sessionId,
        idempotencyKey: "ghz-{{.RequestNumber}}",
        records: Array.from({ length: load.recordsPerPublish }, () => record),
      },
      // At a fixed rate, enough workers that a slow call does not hold the next ones back;
      // the session still runs them one at a time, as it does every client's.
      concurrency: load.ratePerSec > 0 ? 8 : 1,
      ratePerSec: load.ratePerSec,
      ...ctx.timing,
    });
    return sample(result.latenciesMs, result.seconds, result.errors);
  } finally {
    await client.call("closeSession", { sessionId }).catch(() => {});
    client.close();
  }
}
