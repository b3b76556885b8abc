// The image's smoke test: `npm run image`, then the image run next to the local broker and
// called as people would, with grpcurl: health, OpenSession, Publish, and the record read
// back from Kafka.
import type { ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import { createTopics, readCommitted, uniqueTopicName } from "@onceport/kafka-dev/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDebianTools, ensureGrpcurl, IMAGE_ENV, imageCommand } from "../src/index.ts";
import { runChecked } from "../src/run.ts";
import { freePort } from "./support/free-port.ts";
import { podman, spawnPodman } from "./support/podman.ts";

interface ImageConfig {
  readonly User?: string;
  readonly Entrypoint?: readonly string[];
  readonly Cmd?: readonly string[] | null;
  readonly WorkingDir?: string;
  readonly Env?: readonly string[];
}

describe("the gateway image (npm run image)", () => {
  let image = "";
  let grpcurl = "";
  const containers: string[] = [];

  beforeAll(async () => {
    await ensureDebianTools(["buildah", "podman"]);
    grpcurl = await ensureGrpcurl();
    image = (await imageCommand()).name;
  }, 600_000);

  afterAll(async () => {
    for (const name of containers) await podman(["rm", "--force", "--ignore", name]);
  });

  it("runs node dist/main.js from /app as the non-root user, with its listeners on 0.0.0.0", async () => {
    const inspected = JSON.parse(await runChecked("buildah", ["inspect", "--type", "image", image])) as {
      readonly OCIv1: {
        readonly config: ImageConfig;
        readonly rootfs: { readonly diff_ids: readonly string[] };
      };
    };
    const { config } = inspected.OCIv1;
    expect(config.User).toBe("10001:10001");
    expect(config.Entrypoint).toEqual(["/usr/local/bin/node", "dist/main.js"]);
    expect(config.Cmd ?? []).toEqual([]);
    expect(config.WorkingDir).toBe("/app");
    expect(config.Env).toEqual(
      expect.arrayContaining(Object.entries(IMAGE_ENV).map(([k, v]) => `${k}=${v}`)),
    );
    expect(IMAGE_ENV.ONCEPORT_LISTEN).toBe("0.0.0.0:50051");
    // From scratch: one layer, the project's own.
    expect(inspected.OCIv1.rootfs.diff_ids).toHaveLength(1);
  });

  it("has no shell, and its user owns nothing of the file system", async () => {
    const shell = await podman([
      "run",
      "--rm",
      "--network=none",
      "--entrypoint",
      "/bin/sh",
      image,
      "-c",
      "true",
    ]);
    expect(shell.status).not.toBe(0);
    const check = await podman(["run", "--rm", "--network=none", image, "--help"]);
    expect(check.status, check.stderr).toBe(0);
    expect(check.stdout).toContain("--probes-port");
    const probe = await podman([
      "run",
      "--rm",
      "--network=none",
      "--entrypoint",
      "/usr/local/bin/node",
      image,
      "-e",
      [
        'const fs = require("node:fs");',
        "const writable = (p) => { try { fs.accessSync(p, fs.constants.W_OK); return true; } catch { return false; } };",
        'console.log(JSON.stringify({ uid: process.getuid(), app: writable("/app"), dist: writable("/app/dist/main.js"), tmp: writable("/tmp") }));',
      ].join(" "),
    ]);
    expect(probe.status, probe.stderr).toBe(0);
    expect(JSON.parse(probe.stdout)).toEqual({ uid: 10001, app: false, dist: false, tmp: true });
  });

  it("loads librdkafka's addon: the shared libraries it needs came along", async () => {
    const loaded = await podman([
      "run",
      "--rm",
      "--network=none",
      "--entrypoint",
      "/usr/local/bin/node",
      image,
      "-e",
      'console.log(require("@confluentinc/kafka-javascript").librdkafkaVersion)',
    ]);
    expect(loaded.status, loaded.stderr).toBe(0);
    expect(loaded.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("serves next to the local broker: grpcurl health Check, OpenSession, Publish; the record is in Kafka", async () => {
    const topic = uniqueTopicName("image");
    await createTopics(LOCAL_BROKERS, [{ topic }]);
    const [grpcPort, probesPort] = [await freePort(), await freePort()];
    const name = `onceport-smoke-${randomUUID().slice(0, 8)}`;
    containers.push(name);
    const gateway = spawnPodman([
      "run",
      "--rm",
      "--name",
      name,
      "--network=host",
      image,
      "--listen",
      `0.0.0.0:${grpcPort}`,
      "--probes-port",
      String(probesPort),
      "--brokers",
      LOCAL_BROKERS.join(","),
      "--transactional-id-prefix",
      `${name}-`,
      "--shutdown-grace-ms",
      "2000",
    ]);
    const logs = await listening(gateway);
    const address = `127.0.0.1:${grpcPort}`;
    const call = async (method: string, request?: unknown): Promise<Record<string, unknown>> =>
      JSON.parse(
        await runChecked(grpcurl, [
          "-plaintext",
          ...(request === undefined ? [] : ["-d", JSON.stringify(request)]),
          address,
          method,
        ]),
      ) as Record<string, unknown>;

    // As people type it: no proto file, no service name.
    expect(await call("grpc.health.v1.Health/Check")).toEqual({ status: "SERVING" });
    expect(await call("grpc.health.v1.Health/Check", { service: "onceport.v1.GatewayService" })).toEqual({
      status: "SERVING",
    });
    expect((await runChecked(grpcurl, ["-plaintext", address, "list"])).split("\n")).toContain(
      "grpc.health.v1.Health",
    );
    const ready = await fetch(`http://127.0.0.1:${probesPort}/readyz`);
    expect(ready.status).toBe(200);

    const session = await call("onceport.v1.GatewayService/OpenSession", { clientId: `${name}-client` });
    expect(session.sessionId).toEqual(expect.any(String));
    const value = `from the image ${name}`;
    const published = await call("onceport.v1.GatewayService/Publish", {
      sessionId: session.sessionId,
      idempotencyKey: "smoke-1",
      records: [{ topic, value: Buffer.from(value).toString("base64") }],
    });
    expect(published.results).toEqual([expect.objectContaining({ topic })]);

    const read = await readCommitted(LOCAL_BROKERS, [topic], { expectedCount: 1 });
    expect(read.map((record) => record.value)).toEqual([value]);

    // A graceful stop, as Kubernetes asks for one: SIGTERM, through podman to the gateway.
    const exited = once(gateway, "exit");
    gateway.kill("SIGTERM");
    const [code] = (await exited) as [number | null];
    expect(code, logs.join("\n")).toBe(0);
    expect(logs.some((line) => line.includes('"msg":"stopped"'))).toBe(true);
  });
});

/** Resolves once the gateway in the container logged that it listens; its log lines so far and after. */
async function listening(child: ChildProcess): Promise<string[]> {
  const lines: string[] = [];
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
      lines.push(line);
      if (line.includes("listening on")) resolve();
    });
    child.once("exit", (code) =>
      reject(new Error(`the container exited (${code}) before listening:\n${lines.join("\n")}\n${stderr}`)),
    );
  });
  return lines;
}
