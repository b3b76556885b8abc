// The launcher's hand-over path (an old Node, or one with type stripping off, gives the CLI to
// Node 24 in a child): signals sent to the launcher reach the CLI, and the launcher ends with
// it. Before, the launcher died alone and the CLI ran on, orphaned.
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import { createLogger, loadConfig, type RunningGateway, startGateway } from "@onceport/gateway";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import { createTopics, uniqueTopicName } from "@onceport/kafka-dev/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { childrenOf, handoverLayout, isAlive } from "./support/handover-layout.ts";
import { runCli } from "./support/run-cli.ts";

describe("the launcher on a Node that cannot run the CLI itself", () => {
  let layout: Awaited<ReturnType<typeof handoverLayout>>;
  let gateway: RunningGateway;
  let env: Record<string, string>;
  const started: ChildProcess[] = [];

  beforeAll(async () => {
    layout = await handoverLayout();
    const config = loadConfig(
      [
        "--listen",
        "127.0.0.1:0",
        "--brokers",
        LOCAL_BROKERS.join(","),
        "--transactional-id-prefix",
        `cli-launcher-${randomUUID().slice(0, 8)}-`,
      ],
      {},
    );
    gateway = await startGateway(config, createLogger("warn"));
    env = {
      ONCEPORT_ADDRESS: gateway.address,
      ONCEPORT_CLIENT_ID: `cli-launcher-${randomUUID().slice(0, 8)}`,
    };
  });
  afterAll(async () => {
    for (const child of started) if (child.pid !== undefined && isAlive(child.pid)) child.kill("SIGKILL");
    await gateway?.stop(1_000);
    await layout?.remove();
  });

  /** The launcher, on this Node with type stripping off: it must hand over to .cache/node. */
  const launch = (args: string[], options: { detached?: boolean } = {}) => {
    const child = spawn(process.execPath, ["--no-experimental-strip-types", layout.launcher, ...args], {
      env: { ...process.env, ...env },
      stdio: ["pipe", "pipe", "pipe"],
      detached: options.detached ?? false,
    });
    started.push(child);
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
    return { child, exited, output: () => ({ stdout, stderr }) };
  };
  /** The CLI process the launcher started, once it has. */
  const cliOf = async (launcherPid: number): Promise<number> => {
    for (;;) {
      const [pid] = await childrenOf(launcherPid);
      if (pid !== undefined) return pid;
      await sleep(50);
    }
  };

  it("hands over: the CLI's output and exit code come through", async () => {
    const help = launch(["--help"]);
    help.child.stdin?.end();
    expect((await help.exited)[0]).toBe(0);
    expect(help.output().stdout).toMatch(/^Usage: onceport/);
    const wrong = launch(["frobnicate"]);
    wrong.child.stdin?.end();
    expect((await wrong.exited)[0]).toBe(2);
  });

  it("SIGTERM to the launcher ends the CLI too, and the launcher dies of the same signal", async () => {
    // publish reads stdin to its end before anything else: it runs until told to stop.
    const run = launch(["publish", "--topic", "never-written"]);
    const cli = await cliOf(run.child.pid ?? -1);
    expect(isAlive(cli)).toBe(true);
    run.child.kill("SIGTERM");
    const [code, signal] = await run.exited;
    expect([code, signal]).toEqual([null, "SIGTERM"]);
    expect(isAlive(cli)).toBe(false);
  });

  it("Ctrl-C at a terminal (SIGINT to the launcher's whole process group) reaches tail once: it ends cleanly, exit 0, with its position", async () => {
    const topic = uniqueTopicName("cli-launcher-tail");
    await createTopics(LOCAL_BROKERS, [{ topic }]);
    // Its own process group, as a terminal's foreground job.
    const run = launch(["tail", topic], { detached: true });
    const cli = await cliOf(run.child.pid ?? -1);
    // Once tail prints a record, its Ctrl-C handling is in place.
    for (let n = 0; !run.output().stdout.includes(" new-"); n++) {
      expect((await runCli(["publish", "--topic", topic, `new-${n}`], { env })).code).toBe(0);
      await sleep(300);
    }
    process.kill(-(run.child.pid ?? 0), "SIGINT");
    const [code] = await run.exited;
    expect(code, run.output().stderr).toBe(0);
    expect(run.output().stderr).toMatch(/onceport: \d+ records; resume with --from p1\.\S+/);
    expect(isAlive(cli)).toBe(false);
  });
});
