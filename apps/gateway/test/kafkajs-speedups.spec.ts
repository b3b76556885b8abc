import { afterEach, describe, expect, it } from "vitest";
import { type GatewayProcess, startGatewayProcess } from "./support/gateway-process.ts";

/**
 * kafkajs's produce speedups (libs/kafkajs-compat) take effect only when they
 * are in place before kafkajs loads, which depends on the order of the gateway's imports.
 */
describe("the gateway process", () => {
  let gateway: GatewayProcess | undefined;
  afterEach(async () => {
    await gateway?.kill();
  });

  it("runs kafkajs with the produce speedups", async () => {
    gateway = await startGatewayProcess();
    const listening = gateway.logLines
      .map((line) => JSON.parse(line) as { msg?: string; kafkajsSpeedups?: boolean })
      .find((entry) => entry.msg?.includes("listening on"));
    expect(listening?.kafkajsSpeedups).toBe(true);
  });
});
