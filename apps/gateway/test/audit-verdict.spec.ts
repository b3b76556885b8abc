import { create } from "@bufbuild/protobuf";
import { RecordResultSchema } from "@onceport/api";
import { clientIdHeader, messageIdHeader } from "@onceport/audit";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import { createKafka, createTopics, uniqueTopicName } from "@onceport/kafka-dev/testing";
import { Partitioners } from "kafkajs";
import { describe, expect, it } from "vitest";
import { audit, expectAuditPass, WriteLedger } from "./support/audit-verdict.ts";

// The verdicts of the other tests are only worth something if the helper can say FAIL: here a
// plain producer (no gateway) writes one acknowledged record twice, and the audit must say so.
describe("the audit verdict helper (real broker)", () => {
  it("fails, with the audit's report, when an acknowledged record was written twice", async () => {
    const topic = uniqueTopicName("audit-verdict");
    await createTopics(LOCAL_BROKERS, [{ topic }]);
    const producer = createKafka(LOCAL_BROKERS, "onceport-audit-verdict-test").producer({
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    const copy = { value: "twice", headers: { [messageIdHeader]: "m-1", [clientIdHeader]: "c" } };
    try {
      await producer.send({ topic, acks: -1, messages: [copy, copy] });
    } finally {
      await producer.disconnect();
    }
    const acknowledged = create(RecordResultSchema, { topic, partition: 0, offset: 0n, messageId: "m-1" });
    const ledger = new WriteLedger().acknowledged("c", [acknowledged]);

    const report = await audit([topic], ledger);
    expect(report.verdict).toBe("FAIL");
    expect(report.checks.duplicates.examples).toMatchObject([{ messageId: "m-1", offsets: ["0", "1"] }]);
    await expect(expectAuditPass([topic], ledger)).rejects.toThrow(/\[FAIL\] duplicates[\s\S]*id=m-1/);
  });
});
