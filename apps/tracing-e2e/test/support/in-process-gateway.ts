import { randomUUID } from "node:crypto";
import { loadConfig, type RunningGateway, startGateway } from "@onceport/gateway";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import { deleteTopics } from "@onceport/kafka-dev/testing";
import { pino } from "pino";

export interface InProcessGateway {
  readonly gateway: RunningGateway;
  readonly address: string;
  /** Stops the gateway and deletes its receipts topic. */
  stop(): Promise<void>;
}

/**
 * A gateway in this process, against the local broker, on a free port, with
 * a transactional.id prefix of its own (tests never fence each other) and a
 * receipts topic of its own: a new session reads its receipts topic to the
 * end first, and the shared default one holds every test run's receipts.
 */
export async function startInProcessGateway(flags: Record<string, string> = {}): Promise<InProcessGateway> {
  const receiptsTopic = uniqueId("trace-receipts");
  const argv = Object.entries({
    listen: "127.0.0.1:0",
    brokers: LOCAL_BROKERS.join(","),
    "transactional-id-prefix": `trace-${randomUUID().slice(0, 8)}-`,
    "receipts-topic": receiptsTopic,
    "receipts-partitions": "1",
    "stream-commit-interval-ms": "50",
    ...flags,
  }).flatMap(([name, value]) => [`--${name}`, value]);
  const gateway = await startGateway(
    loadConfig(argv, {}),
    pino({ level: process.env.ONCEPORT_TEST_LOG_LEVEL ?? "warn" }),
  );
  return {
    gateway,
    address: gateway.address,
    stop: async () => {
      await gateway.stop(1_000);
      await deleteTopics(LOCAL_BROKERS, [receiptsTopic]).catch(() => {});
    },
  };
}

/** A unique id for clients, keys and groups, readable in traces. */
export function uniqueId(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}
