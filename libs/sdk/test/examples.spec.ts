import { spawn } from "node:child_process";
import { join } from "node:path";
import { expectProcessAuditPass } from "@onceport/audit/testing";
import type { RunningGateway } from "@onceport/gateway";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import { createTopics, readCommitted, uniqueTopicName, withAdmin } from "@onceport/kafka-dev/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startInProcessGateway, uniqueClientId } from "./support/gateways.ts";

// The README's examples, run as a newcomer runs them (their own Node process),
// so the quick start cannot rot.

function runExample(
  name: string,
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string }> {
  const child = spawn(process.execPath, [join(import.meta.dirname, "..", "examples", `${name}.ts`)], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let stdout = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout }));
  });
}

/** The examples write to "greetings", as the README has the reader create it. */
async function ensureGreetingsTopic(): Promise<void> {
  const exists = await withAdmin(LOCAL_BROKERS, async (admin) =>
    (await admin.listTopics()).includes("greetings"),
  );
  if (!exists) await createTopics(LOCAL_BROKERS, [{ topic: "greetings", numPartitions: 3 }]);
}

describe("the SDK's examples (real broker, real gateway)", () => {
  let gateway: RunningGateway;
  beforeAll(async () => {
    await ensureGreetingsTopic();
    gateway = await startInProcessGateway();
  });
  afterAll(async () => {
    await gateway?.stop(1_000);
  });

  it("quick start: written the first time, already written the second; one copy each", async () => {
    const clientId = uniqueClientId("quick-start");
    const env = { ONCEPORT_ADDRESS: gateway.address, ONCEPORT_CLIENT_ID: clientId };
    const first = await runExample("quick-start", env);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^written:/);
    const second = await runExample("quick-start", env);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^already written before, nothing new:/);

    const read = await readCommitted(LOCAL_BROKERS, ["greetings"], { idleMs: 1_000 });
    const mine = read.filter((record) => record.headers["onceport-client-id"]?.toString() === clientId);
    expect(mine.map((record) => record.value).sort()).toEqual(["bonjour", "hello"]);
  });

  it("transaction: committed once, the failing one aborted", async () => {
    const env = { ONCEPORT_ADDRESS: gateway.address, ONCEPORT_CLIENT_ID: uniqueClientId("tx-example") };
    const first = await runExample("transaction", env);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("committed: order-1 is paid");
    expect(first.stdout).toContain("aborted, nothing of it is visible: payment declined");
    const again = await runExample("transaction", env);
    expect(again.stdout).toContain("order-1 committed before: not run again");
  });

  it("currency worker: converts each payment once through process(), reads them through subscribe(); a re-run converts nothing new", async () => {
    const [payments, eur] = [uniqueTopicName("payments"), uniqueTopicName("payments-eur")];
    await createTopics(LOCAL_BROKERS, [{ topic: payments, numPartitions: 2 }, { topic: eur }]);
    const env = {
      ONCEPORT_ADDRESS: gateway.address,
      ONCEPORT_CLIENT_ID: uniqueClientId("currency"),
      PAYMENTS: payments,
      PAYMENTS_EUR: eur,
      GROUP: uniqueClientId("eur-converter"),
    };
    for (const run of [1, 2]) {
      const { code, stdout } = await runExample("currency-worker", env);
      expect(code, `run ${run}`).toBe(0);
      expect(stdout.match(/^EUR: /gm), `run ${run}`).toHaveLength(4);
      expect(stdout).toContain('EUR: {"order":"order-0","amount":92,"currency":"EUR"}');
      expect(stdout).toMatch(/all converted; a reader resumes after them from position p1\./);
    }
    // The payments once (the second run's publish was a duplicate), each conversion once, whole
    // output sets, the group's offsets after them: the second run added none.
    const report = await expectProcessAuditPass([payments, eur]);
    expect(report.records.processOutputs).toBe(4);
    // Each a conversion of its own, written by Process (its input named).
    const read = await readCommitted(LOCAL_BROKERS, [eur], { expectedCount: 4 });
    expect(new Set(read.map((record) => record.value)).size).toBe(4);
    expect(read).toHaveLength(4);
    for (const record of read) {
      expect(record.headers["onceport-input"]?.toString()).toMatch(new RegExp(`^${payments}/[01]/\\d+$`));
    }
  });

  it("publisher: publishes and reports its throughput", async () => {
    const run = await runExample("publisher", {
      ONCEPORT_ADDRESS: gateway.address,
      ONCEPORT_CLIENT_ID: uniqueClientId("publisher-example"),
      COUNT: "500",
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/published 500 records in [\d.]+ s/);
  });
});
