import { randomUUID } from "node:crypto";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import { pino } from "pino";
import type { GatewayComposition } from "../../src/composition.ts";
import { type GatewayConfig, loadConfig } from "../../src/config.ts";
import { type RunningGateway, startGateway } from "../../src/gateway.ts";
import { GatewayClient } from "./gateway-client.ts";

export interface TestGateway {
  readonly gateway: RunningGateway;
  readonly client: GatewayClient;
  readonly config: GatewayConfig;
  stop(): Promise<void>;
}

/**
 * An in-process gateway on a free port against the local broker, with a
 * transactional.id prefix of its own, so tests never fence each other.
 */
export async function startTestGateway(
  flags: Record<string, string> = {},
  composition: GatewayComposition = {},
): Promise<TestGateway> {
  const argv = Object.entries({
    listen: "127.0.0.1:0",
    brokers: LOCAL_BROKERS.join(","),
    "transactional-id-prefix": `test-${randomUUID().slice(0, 8)}-`,
    ...flags,
  }).flatMap(([name, value]) => [`--${name}`, value]);
  const config = loadConfig(argv, {});
  const logger = pino({ level: process.env.ONCEPORT_TEST_LOG_LEVEL ?? "warn" });
  const gateway = await startGateway(config, logger, composition);
  const client = new GatewayClient(gateway.address);
  return {
    gateway,
    client,
    config,
    stop: async () => {
      client.close();
      await gateway.stop(1_000);
    },
  };
}

/** A unique id for clients and keys, readable in logs. */
export function uniqueId(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}
