import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import { createTopics, uniqueTopicName } from "@onceport/kafka-dev/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { useGatewayProcesses } from "./support/gateway-process.ts";
import { record } from "./support/records.ts";
import { uniqueId } from "./support/test-gateway.ts";

const gatewayDir = join(import.meta.dirname, "..");
const dist = join(gatewayDir, "dist");
const builtMain = join(dist, "main.js");
/** Node with type stripping off: the built gateway must load no TypeScript at all, libraries included. */
const noTypeScript = ["--no-experimental-strip-types"];

/** grpc.health.v1.HealthCheckRequest { service } and the `status` of its answer, by hand. */
const healthRequest = (service: string): Buffer =>
  Buffer.concat([Buffer.from([0x0a, service.length]), Buffer.from(service)]);
const SERVING = 1;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

describe("the built gateway (npm run build, then node dist/main.js)", () => {
  const start = useGatewayProcesses();

  beforeAll(() => {
    const build = spawnSync(process.execPath, [join(gatewayDir, "scripts", "build.ts")], {
      encoding: "utf8",
    });
    expect(build.status, `${build.stdout}\n${build.stderr}`).toBe(0);
  }, 240_000);

  it("is JavaScript only, without the test entry point or its hooks", () => {
    const files = filesUnder(dist);
    expect(files.filter((file) => file.endsWith(".ts"))).toEqual([]);
    expect(files.filter((file) => file.includes(`${join("dist", "testing")}`))).toEqual([]);
    const hooks = files.filter((file) =>
      /test-disable-receipts|SessionOnlyReceiptStore|test-crash-after/.test(readFileSync(file, "utf8")),
    );
    expect(hooks).toEqual([]);
  });

  it("answers --help without any test flag, and refuses them", () => {
    const help = spawnSync(process.execPath, [...noTypeScript, builtMain, "--help"], { encoding: "utf8" });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("--config FILE");
    expect(help.stdout).toContain("receipts.windowMs");
    expect(help.stdout).not.toMatch(/test-|TEST_/);
    const refused = spawnSync(
      process.execPath,
      [...noTypeScript, builtMain, "--test-disable-receipts", "true"],
      {
        encoding: "utf8",
      },
    );
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain("Unknown option '--test-disable-receipts'");
  });

  it("serves against the real broker: health SERVING, then a session and a publish", async () => {
    const topic = uniqueTopicName("built");
    await createTopics(LOCAL_BROKERS, [{ topic }]);
    const gateway = await start({ script: builtMain, nodeArgs: noTypeScript });
    const health = await gateway.client.rawUnary(
      "/grpc.health.v1.Health/Check",
      healthRequest("onceport.v1.GatewayService"),
    );
    expect(health[0] === 0x08 ? health[1] : 0).toBe(SERVING);
    const { sessionId } = await gateway.client.call("openSession", { clientId: uniqueId("built") });
    const published = await gateway.client.call("publish", {
      sessionId,
      idempotencyKey: "built-1",
      records: [record(topic, "from dist")],
    });
    expect(published.duplicate).toBe(false);
    expect(published.results).toHaveLength(1);
    expect(published.results[0]?.topic).toBe(topic);
  });
});
