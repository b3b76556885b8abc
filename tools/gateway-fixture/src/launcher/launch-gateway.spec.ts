import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type GatewayProcess, launchGateway } from "./launch-gateway.ts";

const fake = join(import.meta.dirname, "..", "..", "test", "fixtures", "fake-gateway.ts");
const running: GatewayProcess[] = [];
const launch = async (mode: string, extra: Parameters<typeof launchGateway>[0] = {}) => {
  const gateway = await launchGateway({ entry: fake, ...extra, flags: { mode, ...extra.flags } });
  running.push(gateway);
  return gateway;
};

/** The fake's first stdout line: its stderr line may come before it (two pipes). */
function startLine(gateway: GatewayProcess): string {
  return gateway.logLines.find((line) => line.includes('"msg":"starting"')) ?? "{}";
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((gateway) => gateway.kill()));
});

describe("launchGateway", () => {
  it("is ready with the address, port and pid once the gateway logs that it listens", async () => {
    const gateway = await launch("listen", { env: { FAKE_GATEWAY_ENV: "given" } });
    expect(gateway.address).toBe("127.0.0.1:45678");
    expect(gateway.port).toBe(45678);
    expect(gateway.pid).toBe(gateway.child.pid);
    expect(gateway.isAlive()).toBe(true);
    const started = JSON.parse(startLine(gateway)) as { argv: string[]; env: string };
    expect(started.env).toBe("given");
    expect(started.argv).toEqual(["--listen", "127.0.0.1:0", "--mode", "listen"]);
  });

  it("passes test flags after the flags, and Node options before the script", async () => {
    const gateway = await launch("listen", {
      testFlags: { "test-hook": "on" },
      nodeArgs: ["--max-old-space-size=64"],
    });
    const started = JSON.parse(startLine(gateway)) as { argv: string[] };
    expect(started.argv).toEqual(["--listen", "127.0.0.1:0", "--mode", "listen", "--test-hook", "on"]);
    expect(gateway.child.spawnargs.slice(1, 3)).toEqual(["--max-old-space-size=64", fake]);
  });

  it("writes the log lines and stderr to the log file", async () => {
    const logFile = join(mkdtempSync(join(tmpdir(), "launcher-")), "gateway.log");
    const gateway = await launch("listen", { logFile });
    await gateway.stop();
    const written = readFileSync(logFile, "utf8");
    expect(written).toContain('"msg":"starting"');
    expect(written).toContain("listening on");
    expect(written).toContain("a line on stderr");
  });

  it("keeps stderr lines in memory too (the test entry point's warnings are there)", async () => {
    const gateway = await launch("listen");
    // Ready comes from stdout; the stderr pipe is read on its own.
    await vi.waitFor(() => expect(gateway.logLines).toContain("a line on stderr"));
  });

  it("keeps only the first keepLogLines lines in memory", async () => {
    const gateway = await launch("listen", { keepLogLines: 1 });
    expect(gateway.logLines).toHaveLength(1);
  });

  it("fails with the log when the gateway exits before listening", async () => {
    await expect(launch("exit")).rejects.toThrow(/exited \(3\) before listening:\n.*"msg":"starting"/);
  });

  it("kills a gateway that does not listen within the ready timeout", async () => {
    await expect(launch("silent", { readyTimeoutMs: 300 })).rejects.toThrow(/did not listen within 300 ms/);
  });

  it("stops with SIGTERM, and SIGKILLs a gateway that ignores it past the grace", async () => {
    const graceful = await launch("listen");
    expect(await graceful.stop()).toEqual({ code: 0, signal: null });
    const stubborn = await launch("stubborn");
    expect(await stubborn.stop(300)).toEqual({ code: null, signal: "SIGKILL" });
    expect(stubborn.isAlive()).toBe(false);
  });

  it("stops a paused gateway too", async () => {
    const gateway = await launch("listen");
    gateway.signal("SIGSTOP");
    expect(await gateway.stop()).toEqual({ code: 0, signal: null });
  });
});
