import { expectAuditPass, WriteLedger } from "@onceport/audit/testing";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import { createTopics, readCommitted, uniqueTopicName } from "@onceport/kafka-dev/testing";
import { afterEach, describe, expect, it } from "vitest";
import { connect, type PublishResult, type RetryEvent } from "../src/index.ts";
import {
  type GatewayProcess,
  startGatewayProcess,
  uniqueClientId,
  uniquePrefix,
} from "./support/gateways.ts";

const partitions = 4;

describe("publisher under a gateway restart (real broker, gateway processes)", () => {
  const gateways: GatewayProcess[] = [];
  afterEach(async () => {
    await Promise.all(gateways.splice(0).map((gateway) => gateway.kill()));
  });

  // SIGKILL: a crash; SIGTERM: a graceful stop, which ends by cancelling the open stream (CANCELLED).
  it.each([
    ["SIGKILL", 50_000],
    ["SIGTERM", 20_000],
  ] as const)(
    "%s halfway through %i records, the gateway restarted on its port: every record acknowledged, exactly once, in order per partition",
    async (signal, total) => {
      const topic = uniqueTopicName("sdk-publisher");
      await createTopics(LOCAL_BROKERS, [{ topic, numPartitions: partitions }]);
      const prefix = uniquePrefix("restart");
      // No grace period, so the graceful stop cancels the stream while publishes are in flight.
      const flags = { "shutdown-grace-ms": "0" };
      const first = await startGatewayProcess({ prefix, flags });
      gateways.push(first);
      const retries: RetryEvent[] = [];
      const client = await connect({
        address: first.address,
        clientId: uniqueClientId("publisher"),
        onRetry: (event) => retries.push(event),
      });
      const publisher = client.publisher();

      let acknowledged = 0;
      let duplicates = 0;
      const results: PublishResult[] = new Array(total);
      let restarted: Promise<void> | undefined;
      const started = performance.now();
      for (let i = 0; i < total; i++) {
        const { acknowledged: ack } = await publisher.submit(
          [{ topic, partition: i % partitions, key: `k-${i}`, value: String(i) }],
          { idempotencyKey: `p-${i}` },
        );
        ack.then(
          (result) => {
            results[i] = result;
            acknowledged++;
            if (result.duplicate) duplicates++;
            if (acknowledged === total / 2 && !restarted) {
              restarted = (async () => {
                await first.kill(signal);
                const second = await startGatewayProcess({ prefix, flags, listen: first.address });
                gateways.push(second);
              })();
            }
          },
          () => {},
        );
      }
      await publisher.flush();
      const seconds = (performance.now() - started) / 1000;
      await restarted;
      await client.close();
      console.info(
        `publisher, ${signal} at 50%: ${total} records in ${seconds.toFixed(1)} s = ${Math.round(total / seconds)} records/s, ` +
          `gateway restart included; ${retries.length} retries, ${duplicates} duplicate acknowledgements`,
      );

      expect(restarted).toBeDefined();
      expect(acknowledged).toBe(total);
      expect(retries.length).toBeGreaterThan(0);
      expect(retries.some((event) => event.reopen)).toBe(true);
      expect(
        results.every((result, i) => result.idempotencyKey === `p-${i}` && result.results.length === 1),
      ).toBe(true);

      // Every acknowledged record read once, in the order submitted per partition, nothing else.
      // A generous stall deadline: on a broker shared with other suites (topics made and deleted by
      // the hundred) a fresh consumer group has been seen to wait a minute before it could join.
      const ledger = new WriteLedger();
      for (const result of results) ledger.acknowledged(client.clientId, result.results);
      const report = await expectAuditPass([topic], ledger, { stallTimeoutMs: 150_000 });
      console.info(`audit of ${topic}: ${report.verdict} in ${report.durationMs} ms`);
      expect(report.ledger?.acknowledgedRead).toBe(total);
      expect(report.records.committed).toBe(total);

      // Each acknowledgement says where its record is (the audit does not compare offsets).
      const read = await readCommitted(LOCAL_BROKERS, [topic], {
        expectedCount: total,
        idleMs: 1_500,
        timeoutMs: 150_000,
      });
      expect(read).toHaveLength(total);
      const byOffset = new Map(read.map((record) => [`${record.partition}@${record.offset}`, record.value]));
      for (let i = 0; i < total; i += 997) {
        const landed = results[i]?.results[0];
        expect(byOffset.get(`${landed?.partition}@${landed?.offset}`)).toBe(String(i));
      }
    },
    300_000,
  );
});
