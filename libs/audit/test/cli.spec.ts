import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runAuditCommand } from "../src/cli/run-audit-command.ts";
import { adapter, brokers, newTopic, record, writeCommitted } from "./support/plant.ts";

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await runAuditCommand(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: {},
  });
  return { code, stdout, stderr };
}

async function topicWith(ids: string[]): Promise<string> {
  const topic = await newTopic("audit-cli");
  await writeCommitted(
    topic,
    ids.map((id) => record(id)),
  );
  return topic;
}

const common = [
  "--brokers",
  brokers.join(","),
  "--kafka-client",
  adapter,
  "--no-find-hanging",
  "--lso-grace-ms",
  "500",
];

describe("onceport-audit", () => {
  it("exits 0 and prints a PASS report on a clean topic; 1 with --json on a duplicate", async () => {
    const clean = await topicWith(["a", "b"]);
    const pass = await run([...common, "--topic", clean]);
    expect(pass.code).toBe(0);
    expect(pass.stdout).toMatch(/^Onceport audit: PASS/);
    expect(pass.stdout).toContain("[ ok ] duplicates");
    expect(pass.stderr).toContain("[audit] read_committed");

    const doubled = await topicWith(["a", "a"]);
    const fail = await run([...common, "--topic", doubled, "--json", "--quiet"]);
    expect(fail.code).toBe(1);
    expect(fail.stderr).toBe("");
    const report = JSON.parse(fail.stdout);
    expect(report.verdict).toBe("FAIL");
    expect(report.checks.duplicates.examples[0]).toMatchObject({ messageId: "a", offsets: ["0", "1"] });
  });

  it("exits 2 when it cannot audit: unknown topic, unreadable ledger, bad arguments", async () => {
    const missing = await run([...common, "--topic", "no-such-topic-for-audit", "--json"]);
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stdout)).toMatchObject({ verdict: "ERROR" });
    expect(missing.stderr).toContain("TOPIC_NOT_FOUND");
    const topic = await topicWith(["a"]);
    const badLedger = await run([...common, "--topic", topic, "--ledger", "/nonexistent/ledger.jsonl"]);
    expect(badLedger.code).toBe(2);
    expect(badLedger.stderr).toContain("cannot read ledger");
    const usage = await run(["--bogus"]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toBe(
      "onceport-audit: Unknown option '--bogus'\nRun `onceport-audit --help` for usage.\n",
    );
  });

  it("ships as a bin: exit code and report from a real process", async () => {
    const doubled = await topicWith(["x", "y", "x"]);
    const bin = join(import.meta.dirname, "..", "bin", "onceport-audit.mjs");
    const child = spawn(process.execPath, [bin, ...common, "--topic", doubled, "--quiet"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
    expect(code).toBe(1);
    expect(stdout).toContain("Onceport audit: FAIL");
    expect(stdout).toMatch(/duplicate audit-cli-\S+\/0 id=x client=client-1 offsets=0,2/);
  });
});
