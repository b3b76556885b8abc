import { randomUUID } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger, loadConfig, type RunningGateway, startGateway } from "@onceport/gateway";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import { createTopics, readCommitted, uniqueTopicName } from "@onceport/kafka-dev/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launcher, runCli } from "./support/run-cli.ts";

describe("the onceport command line (real broker, real gateway)", () => {
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
        `cli-${randomUUID().slice(0, 8)}-`,
      ],
      {},
    );
    gateway = await startGateway(config, createLogger("warn"));
    env = {
      ONCEPORT_ADDRESS: gateway.address,
      ONCEPORT_CLIENT_ID: `cli-test-${randomUUID().slice(0, 8)}`,
      ONCEPORT_BROKERS: LOCAL_BROKERS.join(","),
    };
  });
  afterAll(async () => {
    await gateway?.stop(1_000);
  });

  it("publish from stdin with --json: one atomic publish, its results printed, the records in Kafka once", async () => {
    const topic = uniqueTopicName("cli-stdin");
    await createTopics(LOCAL_BROKERS, [{ topic, numPartitions: 2 }]);
    const args = [
      "publish",
      "--topic",
      topic,
      "--key",
      "k",
      "-H",
      "source=test",
      "--idempotency-key",
      "batch-1",
      "--json",
    ];
    const run = await runCli(args, { stdin: "first\nsecond\n\nthird\n", env });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const printed = JSON.parse(run.stdout) as {
      idempotencyKey: string;
      duplicate: boolean;
      results: { topic: string; partition: number; offset: string; messageId: string }[];
    };
    expect(printed.idempotencyKey).toBe("batch-1");
    expect(printed.duplicate).toBe(false);
    expect(printed.results.map((result) => result.messageId)).toEqual([
      "batch-1/0",
      "batch-1/1",
      "batch-1/2",
    ]);

    // The same command again (a retry after, say, a lost answer): nothing new is written.
    const again = await runCli(args, { stdin: "first\nsecond\n\nthird\n", env });
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ duplicate: true, results: printed.results });

    const read = await readCommitted(LOCAL_BROKERS, [topic], { expectedCount: 3 });
    expect(read.map((record) => [record.value, record.key, record.headers.source?.toString()])).toEqual([
      ["first", "k", "test"],
      ["second", "k", "test"],
      ["third", "k", "test"],
    ]);
    for (const result of printed.results) {
      const record = read.find((r) => r.headers["onceport-message-id"]?.toString() === result.messageId);
      expect(record && [record.partition, record.offset]).toEqual([result.partition, result.offset]);
    }
  });

  it("publish --stream of a file: every line once, a summary, and progress on stderr", async () => {
    const topic = uniqueTopicName("cli-stream");
    await createTopics(LOCAL_BROKERS, [{ topic, numPartitions: 3 }]);
    const file = join(tmpdir(), `onceport-cli-${randomUUID()}.jsonl`);
    const lines = Array.from({ length: 5_000 }, (_, i) =>
      JSON.stringify({ key: `k${i % 7}`, value: { n: i } }),
    );
    await writeFile(file, `${lines.join("\n")}\n`);
    const run = await runCli(
      [
        "publish",
        "--topic",
        topic,
        "--format",
        "jsonl",
        "--file",
        file,
        "--stream",
        "--batch-size",
        "300",
        "--progress",
        "--json",
      ],
      { env },
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ records: 5_000, publishes: 17, duplicates: 0 });
    expect(run.stderr).toMatch(/published 5000 records in [\d.]+ s/);
    const read = await readCommitted(LOCAL_BROKERS, [topic], { expectedCount: 5_000 });
    expect(new Set(read.map((record) => record.value)).size).toBe(5_000);
    expect(read.find((record) => record.value === '{"n":42}')?.key).toBe("k0");
  });

  it("topics create and list; creating again is a no-op with the same settings, an error with others", async () => {
    const topic = uniqueTopicName("cli-topics");
    const created = await runCli(["topics", "create", topic, "--partitions", "3", "--json"], { env });
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toEqual([{ topic, created: true, partitions: 3 }]);
    const listed = await runCli(["topics", "list", "--json"], { env });
    expect(JSON.parse(listed.stdout)).toContainEqual({ topic, partitions: 3 });
    for (const again of [["--partitions", "3"], ["--partitions", "3", "--replication-factor", "1"], []]) {
      const twice = await runCli(["topics", "create", topic, ...again, "--json"], { env });
      expect(twice.code, again.join(" ")).toBe(0);
      expect(JSON.parse(twice.stdout)).toEqual([{ topic, created: false, partitions: 3 }]);
    }
    const text = await runCli(["topics", "create", topic, "--partitions", "3"], { env });
    expect([text.code, text.stdout]).toEqual([0, `exists already: ${topic} (3 partitions)\n`]);

    // Other settings: said, exit 1, and nothing created, not even the topic that was new.
    const fresh = uniqueTopicName("cli-topics-fresh");
    const other = await runCli(["topics", "create", fresh, topic, "--partitions", "6"], { env });
    expect(other.code).toBe(1);
    expect(other.stderr).toBe(
      `onceport: INVALID_ARGUMENT: ${topic} exists with 3 partitions, not 6: nothing was created or changed\n`,
    );
    const replicas = await runCli(["topics", "create", topic, "--replication-factor", "3", "--json"], {
      env,
    });
    expect(replicas.code).toBe(1);
    expect(JSON.parse(replicas.stderr)).toMatchObject({
      error: { reason: "INVALID_ARGUMENT", message: expect.stringContaining("replication factor 1, not 3") },
    });
    const after = await runCli(["topics", "list", "--json"], { env });
    expect((JSON.parse(after.stdout) as { topic: string }[]).map((entry) => entry.topic)).not.toContain(
      fresh,
    );
  });

  it("session --json tells the session and the transactional.id", async () => {
    const run = await runCli(["session", "--json", "--client-id", "diagnostics"], { env });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      address: gateway.address,
      clientId: "diagnostics",
      transactionalId: expect.stringMatching(/-diagnostics$/),
      idleTimeoutMs: 300_000,
    });
  });

  it("exit 1 with the reason when the work fails (unknown topic), as JSON with --json", async () => {
    const run = await runCli(["publish", "--topic", uniqueTopicName("missing"), "--json", "x"], { env });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stderr)).toMatchObject({ error: { reason: "TOPIC_NOT_FOUND", retriable: false } });
  });

  it("--help exits 0, for the CLI and every command, also through the npx launcher", async () => {
    for (const args of [["--help"], ["publish", "--help"], ["session", "--help"], ["topics", "--help"]]) {
      const run = await runCli(args);
      expect(run.code, args.join(" ")).toBe(0);
      expect(run.stdout).toMatch(/^Usage: onceport/);
    }
    const viaLauncher = await runCli(["--help"], { script: launcher });
    expect(viaLauncher.code).toBe(0);
    expect(viaLauncher.stdout).toContain("publish");
  });

  it("a usage error exits 2 and says what is wrong", async () => {
    const cases = [
      { args: ["publish", "value"], says: "--topic is required" },
      { args: ["publish", "--topic", "t", "--bogus"], says: "Unknown option '--bogus'" },
      { args: ["publish", "--topic", "t", "--format", "xml", "v"], says: "--format must be text or jsonl" },
      { args: ["topics", "create"], says: "name the topic(s)" },
      { args: ["frobnicate"], says: 'unknown command "frobnicate"' },
      { args: [], says: "Usage: onceport" },
    ];
    for (const { args, says } of cases) {
      const run = await runCli(args, { env });
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stderr).toContain(says);
    }
  });
});
