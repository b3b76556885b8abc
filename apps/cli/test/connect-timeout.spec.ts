import { once } from "node:events";
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { runCli } from "./support/run-cli.ts";

/** An address where nothing listens: a port the system handed out, then closed. */
async function deadAddress(): Promise<string> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, "close");
  return `127.0.0.1:${port}`;
}

const lines = (text: string) => text.split("\n").filter((line) => line !== "");

describe("a gateway that is not there", () => {
  it("every gateway command gives up after --connect-timeout with one line naming the address and the cause", async () => {
    const address = await deadAddress();
    const commands = [
      ["session"],
      ["publish", "--topic", "t", "v"],
      ["subscribe", "t", "--count", "1"],
      ["tail", "t"],
    ];
    for (const command of commands) {
      const run = await runCli([...command, "--address", address, "--connect-timeout", "1"]);
      expect(run.code, command[0]).toBe(1);
      expect(lines(run.stderr), command[0]).toEqual([
        `onceport: GATEWAY_UNAVAILABLE: no answer from the gateway at ${address} within 1 s (connect ECONNREFUSED ${address})`,
      ]);
      expect(run.stdout).toBe("");
    }
  });

  it("with --json, the one line is a JSON error; a wrong --connect-timeout is a usage error", async () => {
    const address = await deadAddress();
    const run = await runCli(["session", "--json", "--connect-timeout", "0.5"], {
      env: { ONCEPORT_ADDRESS: address },
    });
    expect(run.code).toBe(1);
    expect(lines(run.stderr)).toHaveLength(1);
    expect(JSON.parse(run.stderr)).toMatchObject({
      error: { reason: "GATEWAY_UNAVAILABLE", retriable: true, message: expect.stringContaining(address) },
    });
    for (const wrong of ["0", "-1", "soon", ""]) {
      const usage = await runCli(["session", `--connect-timeout=${wrong}`]);
      expect(usage.code, wrong).toBe(2);
      expect(usage.stderr).toContain("--connect-timeout takes seconds > 0");
    }
  });
});
