import { request } from "node:http";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import { startGateway } from "../src/gateway.ts";
import { freePort } from "./support/free-port.ts";
import { startTestGateway, type TestGateway } from "./support/test-gateway.ts";

interface ProbeAnswer {
  readonly status: number;
  readonly body: string;
}

/** One HTTP request to the probes; rejects when nothing listens. */
function probe(address: string, path: string, method = "GET"): Promise<ProbeAnswer> {
  return new Promise((resolve, reject) => {
    const sent = request(`http://${address}${path}`, { method, agent: false }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        body += chunk;
      });
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body: body.trim() }));
      response.on("error", reject);
    });
    sent.on("error", reject);
    sent.end();
  });
}

/** The first answer once the probes listen (they start while the gateway is still starting). */
async function firstAnswer(address: string, path: string): Promise<ProbeAnswer> {
  for (;;) {
    try {
      return await probe(address, path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ECONNREFUSED") throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

describe("HTTP probes (--probes-port)", () => {
  let gateway: TestGateway | undefined;
  afterEach(async () => {
    await gateway?.stop();
    gateway = undefined;
  });

  it("are off unless a port is given", async () => {
    gateway = await startTestGateway();
    expect(gateway.gateway.probesAddress).toBeUndefined();
  });

  it("answer /healthz and /readyz 200 while Kafka answers, and stop with the gateway", async () => {
    gateway = await startTestGateway({ "probes-port": "0" });
    const address = gateway.gateway.probesAddress;
    expect(address).toMatch(/^127\.0\.0\.1:\d+$/);
    if (address === undefined) return;
    expect(await probe(address, "/healthz")).toEqual({ status: 200, body: "ok" });
    expect(await probe(address, "/readyz")).toEqual({ status: 200, body: "SERVING" });
    expect(await probe(address, "/readyz?verbose", "HEAD")).toEqual({ status: 200, body: "" });
    expect((await probe(address, "/metrics")).status).toBe(404);
    expect((await probe(address, "/readyz", "POST")).status).toBe(405);

    await gateway.stop();
    gateway = undefined;
    await expect(probe(address, "/healthz")).rejects.toMatchObject({ code: "ECONNREFUSED" });
  });

  it("say alive but not ready (503) while Kafka does not answer, and close when the start fails", async () => {
    const [probesPort, closedKafkaPort] = [await freePort(), await freePort()];
    const config = loadConfig(
      [
        "--listen",
        "127.0.0.1:0",
        "--brokers",
        `127.0.0.1:${closedKafkaPort}`,
        "--probes-port",
        String(probesPort),
      ],
      {},
    );
    const starting = startGateway(config, pino({ level: "silent" }));
    const failed = starting.then(
      () => undefined,
      (error: unknown) => error,
    );
    const address = `127.0.0.1:${probesPort}`;

    expect(await firstAnswer(address, "/readyz")).toEqual({ status: 503, body: "NOT_SERVING" });
    expect(await probe(address, "/healthz")).toEqual({ status: 200, body: "ok" });

    expect(await failed).toMatchObject({ reason: "KAFKA_UNAVAILABLE" });
    await expect(probe(address, "/healthz")).rejects.toMatchObject({ code: "ECONNREFUSED" });
  }, 120_000);
});
