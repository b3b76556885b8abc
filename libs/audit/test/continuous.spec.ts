import { describe, expect, it } from "vitest";
import { startContinuousAudit } from "../src/continuous/continuous-audit.ts";
import { adapter, brokers, newTopic, record, writeCommitted } from "./support/plant.ts";

async function metricValue(address: string, line: RegExp): Promise<number | undefined> {
  const text = await (await fetch(`http://${address}/metrics`)).text();
  const match = text.split("\n").find((l) => line.test(l));
  return match === undefined ? undefined : Number(match.split(" ").at(-1));
}

async function until<T>(what: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await what();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("continuous audit", () => {
  it("audits new data as it commits and exports anomaly counts as Prometheus metrics", async () => {
    const topic = await newTopic("audit-continuous", 2);
    const audit = await startContinuousAudit({
      brokers,
      topics: [topic],
      adapter,
      metricsPort: 0,
      intervalMs: 200,
    });
    try {
      await writeCommitted(topic, [record("a", 0), record("b", 1)]);
      const duplicates = /^onceport_audit_anomalies\{check="duplicates"\}/;
      const records = /^onceport_audit_records_read_total /;
      expect(
        await until(
          () => metricValue(audit.metricsAddress, records),
          (v) => v === 2,
        ),
      ).toBe(2);
      expect(await metricValue(audit.metricsAddress, duplicates)).toBe(0);
      expect(await metricValue(audit.metricsAddress, /^onceport_audit_pass /)).toBe(1);

      // A later round sees the duplicate, across rounds and partitions.
      await writeCommitted(topic, [record("a", 1)]);
      expect(
        await until(
          () => metricValue(audit.metricsAddress, duplicates),
          (v) => v === 1,
        ),
      ).toBe(1);
      expect(await metricValue(audit.metricsAddress, /^onceport_audit_pass /)).toBe(0);
      expect(await metricValue(audit.metricsAddress, records)).toBe(3);
      expect(
        await metricValue(audit.metricsAddress, /^onceport_audit_lso_lag\{topic="[^"]+",partition="0"\}/),
      ).toBe(0);
    } finally {
      const report = await audit.stop();
      expect(report.verdict).toBe("FAIL");
      expect(report.checks.duplicates.examples[0]).toMatchObject({ messageId: "a" });
    }
  });
});
