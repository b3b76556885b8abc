import { describe, expect, it } from "vitest";
import { audit, expectAuditPass, expectProcessAuditPass, WriteLedger } from "../src/testing/index.ts";
import { gatewayHeaders, newTopic, writeCommitted } from "./support/plant.ts";

// The verdicts other packages' tests take from @onceport/audit/testing are only worth something if
// the helper can say FAIL: here a producer of the test's own (no gateway) writes one acknowledged
// record twice.
describe("@onceport/audit/testing's verdict (real broker)", () => {
  it("fails, with the audit's report, when an acknowledged record was written twice", async () => {
    const topic = await newTopic("audit-verdict");
    const copy = { partition: 0, value: "twice", headers: gatewayHeaders("m-1", "c") };
    await writeCommitted(topic, [copy, copy]);
    // As the SDK reports it (offset a string); the gateway's raw answer has a bigint.
    const ledger = new WriteLedger().acknowledged("c", [
      { topic, partition: 0, offset: "0", messageId: "m-1" },
    ]);

    const report = await audit([topic], ledger);
    expect(report.verdict).toBe("FAIL");
    expect(report.checks.duplicates.examples).toMatchObject([{ messageId: "m-1", offsets: ["0", "1"] }]);
    await expect(expectAuditPass([topic], ledger)).rejects.toThrow(/\[FAIL\] duplicates[\s\S]*id=m-1/);
  });

  it("a Process verdict fails on a topic without Process outputs: the check it relies on was skipped", async () => {
    const topic = await newTopic("audit-verdict-process");
    await expect(expectProcessAuditPass([topic])).rejects.toThrow(/consume-transform-produce .* skipped/);
  });
});
