// Planting anomalies on the real broker with the Kafka seam's transactional producers (the
// only producers it has: a committed transaction is as visible to read_committed readers as a
// plain write, which is all a planted duplicate or leak needs), and auditing the result.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type {
  KafkaClient,
  OutgoingRecord,
  RecordHeaders,
  SentBatch,
  TransactionalProducer,
} from "@onceport/kafka";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import {
  createTopics,
  devAdapter,
  devKafkaClient,
  uniqueTopicName,
  uniqueTransactionalId,
  withAdmin,
} from "@onceport/kafka-dev/testing";
import { clientIdHeader, inputHeader, messageIdHeader } from "../../src/conventions.ts";
import type { LedgerEntry } from "../../src/ledger/ledger-entry.ts";
import { formatLedgerLine } from "../../src/ledger/ledger-entry.ts";
import type { AuditReport } from "../../src/report/audit-report.ts";
import { type AuditOptions, runAudit } from "../../src/run-audit.ts";

export const brokers = LOCAL_BROKERS;
/** What the audit reads with: the readers' adapter, or the one ONCEPORT_KAFKA_CLIENT names. */
export const adapter = devAdapter("reader");

let writer: Promise<KafkaClient> | undefined;
/** The client the tests write with (the producers' adapter, or ONCEPORT_KAFKA_CLIENT's). */
export function writerClient(): Promise<KafkaClient> {
  writer ??= devKafkaClient(LOCAL_BROKERS, "onceport-audit-test", "producer");
  return writer;
}

/** A record to plant: its partition, and what it holds (text, as the tests write it). */
export interface Plant {
  readonly partition?: number;
  readonly key?: string;
  readonly value?: string;
  readonly headers?: RecordHeaders;
  /** Milliseconds since the epoch; the producer's clock when absent. */
  readonly timestamp?: number;
}

export async function newTopic(prefix: string, partitions = 1): Promise<string> {
  const topic = uniqueTopicName(prefix);
  await createTopics(LOCAL_BROKERS, [{ topic, numPartitions: partitions }]);
  return topic;
}

export function headers(...pairs: [string, string][]): RecordHeaders {
  return pairs.map(([key, value]) => ({ key, value: Buffer.from(value) }));
}

export function gatewayHeaders(messageId: string, clientId = "client-1"): RecordHeaders {
  return headers([messageIdHeader, messageId], [clientIdHeader, clientId]);
}

export function processHeaders(
  group: string,
  input: { topic: string; partition: number; offset: number },
  index: number,
): RecordHeaders {
  return [
    ...gatewayHeaders(
      `${group}/${input.topic}/${input.partition}/${input.offset}/${index}`,
      `worker-${group}`,
    ),
    ...headers([inputHeader, `${input.topic}/${input.partition}/${input.offset}`]),
  ];
}

/** A record for partition `partition` carrying gateway headers. */
export function record(messageId: string, partition = 0, clientId = "client-1"): Plant {
  return { partition, value: `value of ${messageId}`, headers: gatewayHeaders(messageId, clientId) };
}

/** A producer of a transactional id of its own, initialised. Close it after use. */
export async function txProducer(
  prefix = "audit-test",
  transactionTimeoutMs = 60_000,
): Promise<TransactionalProducer> {
  const producer = await (await writerClient()).transactionalProducer({
    transactionalId: uniqueTransactionalId(prefix),
    transactionTimeoutMs,
  });
  await producer.init();
  return producer;
}

export function outgoing(plant: Plant): OutgoingRecord {
  return {
    key: plant.key === undefined ? null : Buffer.from(plant.key),
    value: plant.value === undefined ? null : Buffer.from(plant.value),
    headers: plant.headers ?? [],
    ...(plant.timestamp === undefined ? {} : { timestamp: plant.timestamp }),
  };
}

function offsetsOf(sent: readonly SentBatch[]): number[] {
  return sent.flatMap((batch) => Array.from({ length: batch.count }, (_, i) => Number(batch.baseOffset) + i));
}

/**
 * Sends records in one committed (or aborted) transaction, in their order; returns each one's
 * offset. Consecutive records of one partition go as one batch, each batch by a send of its own
 * (so the log holds them in exactly the order given). Returns once the transaction is over on
 * every partition it wrote to (see untilStable).
 */
export async function sendInTransaction(
  producer: TransactionalProducer,
  topic: string,
  plants: readonly Plant[],
  end: "commit" | "abort" = "commit",
): Promise<number[]> {
  const runs: { partition: number; records: OutgoingRecord[] }[] = [];
  for (const plant of plants) {
    const partition = plant.partition ?? 0;
    const last = runs.at(-1);
    if (last?.partition === partition) last.records.push(outgoing(plant));
    else runs.push({ partition, records: [outgoing(plant)] });
  }
  const transaction = await producer.begin();
  const offsets: number[] = [];
  const lastOffsets = new Map<number, number>();
  try {
    for (const run of runs) {
      const sent = offsetsOf(await transaction.send([{ topic, ...run }]));
      offsets.push(...sent);
      lastOffsets.set(run.partition, Math.max(lastOffsets.get(run.partition) ?? -1, ...sent));
    }
  } catch (error) {
    await transaction.abort().catch(() => undefined);
    throw error;
  }
  if (end === "commit") await transaction.commit();
  else await transaction.abort();
  for (const [partition, last] of lastOffsets) await untilStable(topic, partition, last + 1);
  return offsets;
}

/**
 * Waits until the partition's last stable offset reaches `offset`. The coordinator writes a
 * transaction's markers after it has answered the commit or abort, so for a moment the LSO
 * stays where the transaction began: an audit planned then would not read its records.
 */
export async function untilStable(topic: string, partition: number, offset: number): Promise<void> {
  await withAdmin(LOCAL_BROKERS, async (admin) => {
    for (let attempt = 0; attempt < 100; attempt++) {
      const [lso] = await admin.listOffsets([{ topic, partition }], "latest", "read_committed");
      if ((lso?.offset ?? -1n) >= BigInt(offset)) return;
      await sleep(50);
    }
    throw new Error(`the LSO of ${topic}/${partition} did not reach ${offset}`);
  });
}

/** Writes records in one committed transaction of a producer of its own; returns their offsets. */
export async function writeCommitted(topic: string, plants: readonly Plant[]): Promise<number[]> {
  const producer = await txProducer("audit-plant");
  try {
    return await sendInTransaction(producer, topic, plants);
  } finally {
    await producer.close();
  }
}

export async function writeLedger(entries: readonly LedgerEntry[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "onceport-audit-"));
  const path = join(dir, "ledger.jsonl");
  await writeFile(path, entries.map(formatLedgerLine).join(""));
  return path;
}

export function acknowledged(
  topic: string,
  messageId: string,
  partition: number,
  offset: number,
  sequence?: number,
  clientId = "client-1",
): LedgerEntry {
  return {
    messageId,
    clientId,
    topic,
    outcome: "acknowledged",
    partition,
    offset: String(offset),
    ...(sequence === undefined ? {} : { sequence }),
  };
}

export async function audit(topics: string[], options: Partial<AuditOptions> = {}): Promise<AuditReport> {
  return await runAudit({ brokers: LOCAL_BROKERS, topics, lsoGraceMs: 1000, adapter, ...options });
}

/** Anomaly counts of every check that found any, for exact assertions. */
export function found(report: AuditReport): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const [name, check] of Object.entries(report.checks)) {
    if (check.count > 0) out[name] = { ...check.byKind } as Record<string, number>;
  }
  return out;
}
