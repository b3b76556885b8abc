import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { join } from "node:path";
import { createLogger, loadConfig, type RunningGateway, startGateway } from "@onceport/gateway";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import { createTopics, readCommitted, uniqueTopicName } from "@onceport/kafka-dev/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./support/run-cli.ts";

interface JsonRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: string;
  readonly headers: Record<string, string>;
}

const jsonLines = (text: string) =>
  text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as JsonRecord);

describe("onceport subscribe, tail and audit (real broker, real gateway)", () => {
  let gateway: RunningGateway;
  let env: Record<string, string>;

  beforeAll(async () => {
    const config = loadConfig(
      [
        "--listen",
        "127.0.0.1:0",
        "--brokers",
        LOCAL_BROKERS.join(","),
        "--transactional-id-prefix",
        `cli-sub-${randomUUID().slice(0, 8)}-`,
      ],
      {},
    );
    gateway = await startGateway(config, createLogger("warn"));
    env = {
      ONCEPORT_ADDRESS: gateway.address,
      ONCEPORT_CLIENT_ID: `cli-sub-test-${randomUUID().slice(0, 8)}`,
      ONCEPORT_BROKERS: LOCAL_BROKERS.join(","),
    };
  });
  afterAll(async () => {
    await gateway?.stop(1_000);
  });

  it("subscribe reads what publish wrote (--json, --count), prints the position on stderr; --from resumes after it", async () => {
    const topic = uniqueTopicName("cli-subscribe");
    await createTopics(LOCAL_BROKERS, [{ topic, numPartitions: 2 }]);
    const published = await runCli(
      ["publish", "--topic", topic, "--key", "k", "-H", "source=cli", "a", "b", "c"],
      {
        env,
      },
    );
    expect(published.code).toBe(0);

    const first = await runCli(["subscribe", topic, "--json", "--count", "3"], { env });
    expect(first.code).toBe(0);
    const records = jsonLines(first.stdout);
    expect(records.map((record) => record.value)).toEqual(["a", "b", "c"]); // one key: one partition, in order
    expect(records[0]).toMatchObject({ topic, key: "k", headers: { source: "cli" } });
    expect(records[0]?.headers["onceport-message-id"]).toMatch(/\/0$/);
    const { position, records: count } = JSON.parse(first.stderr) as { position: string; records: number };
    expect(count).toBe(3);
    expect(position).toMatch(/^p1\./);

    expect((await runCli(["publish", "--topic", topic, "d", "e"], { env })).code).toBe(0);
    // Resumed: only what came since, nothing again (it reads until 4 s pass without a record).
    const resumed = await runCli(["subscribe", topic, "--from", position, "--json", "--timeout-ms", "4000"], {
      env,
    });
    expect(resumed.code).toBe(0);
    expect(
      jsonLines(resumed.stdout)
        .map((record) => record.value)
        .sort(),
    ).toEqual(["d", "e"]);

    // Text: a line per record, the position to resume from on stderr.
    const text = await runCli(["subscribe", topic, "-n", "5"], { env });
    expect(text.code).toBe(0);
    expect(text.stdout.split("\n").filter(Boolean)).toHaveLength(5);
    expect(text.stdout).toMatch(new RegExp(`^${topic}/\\d@0 \\[k\\] a$`, "m"));
    expect(text.stderr).toMatch(/^onceport: 5 records; resume with --from p1\.\S+$/m);
  });

  it("subscribe --count N, again and again --from the position each printed: every record once, none twice, though --count cuts batches", async () => {
    const topic = uniqueTopicName("cli-resume");
    await createTopics(LOCAL_BROKERS, [{ topic, numPartitions: 2 }]);
    // One publish (one transaction), two keys: a batch of 5 records in each partition, which
    // --count 3 cuts in the middle.
    const values = ["a", "b", "c", "d", "e"].flatMap((letter) => [`x-${letter}`, `y-${letter}`]);
    const records = values.map((value) => JSON.stringify({ key: value.slice(0, 1), value }));
    const published = await runCli(["publish", "--topic", topic, "--format", "jsonl"], {
      stdin: `${records.join("\n")}\n`,
      env,
    });
    expect(published.code, published.stderr).toBe(0);

    const seen: string[] = [];
    let position: string | undefined;
    for (const expected of [3, 3, 3, 1]) {
      const args = ["subscribe", topic, "--json", "--count", "3", "--timeout-ms", "4000"];
      const run = await runCli(position === undefined ? args : [...args, "--from", position], { env });
      expect(run.code, run.stderr).toBe(0);
      const read = jsonLines(run.stdout);
      expect(read).toHaveLength(expected);
      seen.push(...read.map((record) => record.value));
      const report = JSON.parse(run.stderr) as { records: number; position: string };
      expect(report.records).toBe(expected);
      position = report.position;
    }
    expect(seen).toHaveLength(values.length);
    expect([...seen].sort()).toEqual([...values].sort());
    // Within a partition, in order, resumed where the last run stopped.
    for (const key of ["x", "y"]) {
      expect(seen.filter((value) => value.startsWith(key))).toEqual(
        values.filter((value) => value.startsWith(key)),
      );
    }
    const after = await runCli(
      ["subscribe", topic, "--json", "--from", String(position), "--timeout-ms", "2000"],
      {
        env,
      },
    );
    expect([after.code, after.stdout]).toEqual([0, ""]);
    expect(JSON.parse(after.stderr)).toEqual({ records: 0, position });
  });

  it("tail that read nothing still tells where it began: --from resumes there and misses nothing", async () => {
    const topic = uniqueTopicName("cli-tail-position");
    await createTopics(LOCAL_BROKERS, [{ topic }]);
    expect((await runCli(["publish", "--topic", topic, "old"], { env })).code).toBe(0);
    // Committed once its marker is written, which may come just after the publish answers.
    await readCommitted(LOCAL_BROKERS, [topic], { expectedCount: 1 });
    const idle = await runCli(["tail", topic, "--json", "--timeout-ms", "2000"], { env });
    expect(idle.code).toBe(0);
    expect(idle.stdout).toBe("");
    const { position, records } = JSON.parse(idle.stderr) as { position: string | null; records: number };
    expect(records).toBe(0);
    expect(position).toMatch(/^p1\./);

    expect((await runCli(["publish", "--topic", topic, "meanwhile"], { env })).code).toBe(0);
    const resumed = await runCli(
      ["subscribe", topic, "--from", String(position), "--json", "--count", "1", "--timeout-ms", "8000"],
      { env },
    );
    expect(jsonLines(resumed.stdout).map((record) => record.value)).toEqual(["meanwhile"]);
  });

  it("tail prints what is committed from now on; Ctrl-C ends it with exit 0 and the position on stderr", async () => {
    const topic = uniqueTopicName("cli-tail");
    await createTopics(LOCAL_BROKERS, [{ topic }]);
    expect((await runCli(["publish", "--topic", topic, "old"], { env })).code).toBe(0);
    const child = spawn(
      process.execPath,
      [join(import.meta.dirname, "..", "src", "main.ts"), "tail", topic],
      {
        env: { ...process.env, ...env },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = once(child, "exit");
    // The tail starts at the latest offsets once its subscription is up; publish until it sees one.
    const deadline = Date.now() + 30_000;
    for (let n = 0; !stdout.includes(" new-"); n++) {
      if (Date.now() > deadline) throw new Error(`tail printed nothing: ${stdout} ${stderr}`);
      expect((await runCli(["publish", "--topic", topic, `new-${n}`], { env })).code).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    child.kill("SIGINT");
    const [code] = await exited;
    expect(code).toBe(0);
    expect(stdout).not.toContain(" old");
    expect(stderr).toMatch(/onceport: \d+ records; resume with --from p1\.\S+/);
  });

  it("subscribe and tail: --help exits 0; no topic, or both --from-latest and --from-earliest, exit 2", async () => {
    for (const name of ["subscribe", "tail"]) {
      const usage = await runCli([name, "--help"]);
      expect(usage.code, name).toBe(0);
      expect(usage.stdout).toMatch(new RegExp(`^Usage: onceport ${name} TOPIC`));
    }
    const noTopic = await runCli(["subscribe", "--json"], { env });
    expect([noTopic.code, noTopic.stderr]).toEqual([2, expect.stringContaining("name the topic(s) to read")]);
    const both = await runCli(["tail", "t", "--from-latest", "--from-earliest"], { env });
    expect(both.code).toBe(2);
  });

  it("audit: --help exits 0; a clean topic written through the CLI passes, exit 0 with --json; no topic is a usage error", async () => {
    const usage = await runCli(["audit", "--help"]);
    expect(usage.code).toBe(0);
    expect(usage.stdout).toMatch(/^Usage: onceport-audit/);

    const topic = uniqueTopicName("cli-audit");
    await createTopics(LOCAL_BROKERS, [{ topic, numPartitions: 2 }]);
    expect((await runCli(["publish", "--topic", topic, "x", "y", "z"], { env })).code).toBe(0);
    const audit = await runCli(
      ["audit", "--topic", topic, "--json", "--quiet", "--no-find-hanging", "--lso-grace-ms", "1000"],
      { env },
    );
    expect(audit.code, audit.stderr).toBe(0);
    const report = JSON.parse(audit.stdout) as {
      verdict: string;
      checks: Record<string, { count: number }>;
      topics: { topic: string }[];
      records: { committed: number };
    };
    expect(report.verdict).toBe("PASS");
    expect(report.checks.duplicates?.count).toBe(0);
    expect(report.topics.map((entry) => entry.topic)).toEqual([topic]);
    expect(report.records.committed).toBe(3);

    const wrong = await runCli(["audit", "--json"], { env });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("give at least one --topic");
  });
});
