// Planting anomalies on the real broker with plain kafkajs producers, and auditing the result.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import {
  createKafka,
  createTopics,
  transactionalProducer,
  uniqueTopicName,
  uniqueTransactionalId,
} from "@onceport/kafka-dev/testing";
import type { IHeaders, Message, Producer } from "kafkajs";
import { Partitioners } from "kafkajs";
import { clientIdHeader, inputHeader, messageIdHeader } from "../../src/conventions.ts";
import type { LedgerEntry } from "../../src/ledger/ledger-entry.ts";
import { formatLedgerLine } from "../../src/ledger/ledger-entry.ts";
import type { AuditReport } from "../../src/report/audit-report.ts";
import { type AuditOptions, runAudit } from "../../src/run-audit.ts";

export const brokers = LOCAL_BROKERS;
export const kafka = createKafka(LOCAL_BROKERS, "onceport-audit-test");

export async function newTopic(prefix: string, partitions = 1): Promise<string> {
  const topic = uniqueTopicName(prefix);
  await createTopics(LOCAL_BROKERS, [{ topic, numPartitions: partitions }]);
  return topic;
}

export function gatewayHeaders(messageId: string, clientId = "client-1", extra: IHeaders = {}): IHeaders {
  return { [messageIdHeader]: messageId, [clientIdHeader]: clientId, ...extra };
}

export function processHeaders(
  group: string,
  input: { topic: string; partition: number; offset: number },
  index: number,
): IHeaders {
  return gatewayHeaders(
    `${group}/${input.topic}/${input.partition}/${input.offset}/${index}`,
    `worker-${group}`,
    {
      [inputHeader]: `${input.topic}/${input.partition}/${input.offset}`,
    },
  );
}

/** A message for partition `partition` carrying gateway headers. */
export function record(messageId: string, partition = 0, clientId = "client-1"): Message {
  return { partition, value: `value of ${messageId}`, headers: gatewayHeaders(messageId, clientId) };
}

export async function plainProducer(): Promise<Producer> {
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  return producer;
}

export async function txProducer(prefix = "audit-test", transactionTimeout?: number): Promise<Producer> {
  const producer = transactionalProducer(
    kafka,
    uniqueTransactionalId(prefix),
    transactionTimeout === undefined ? {} : { transactionTimeout },
  );
  await producer.connect();
  return producer;
}

/** Sends messages in one committed (or aborted) transaction; returns each message's offset. */
export async function sendInTransaction(
  producer: Producer,
  topic: string,
  messages: Message[],
  end: "commit" | "abort" = "commit",
): Promise<number[]> {
  const transaction = await producer.transaction();
  const offsets: number[] = [];
  // One send per message: kafkajs answers with the batch's base offset per partition only.
  for (const message of messages) {
    const [meta] = await transaction.send({ topic, messages: [message] });
    offsets.push(Number(meta?.baseOffset));
  }
  if (end === "commit") await transaction.commit();
  else await transaction.abort();
  return offsets;
}

export async function sendPlain(producer: Producer, topic: string, messages: Message[]): Promise<number[]> {
  const offsets: number[] = [];
  for (const message of messages) {
    const [meta] = await producer.send({ topic, messages: [message] });
    offsets.push(Number(meta?.baseOffset));
  }
  return offsets;
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
  return await runAudit({ brokers: LOCAL_BROKERS, topics, lsoGraceMs: 1000, kafka, ...options });
}

/** Anomaly counts of every check that found any, for exact assertions. */
export function found(report: AuditReport): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const [name, check] of Object.entries(report.checks)) {
    if (check.count > 0) out[name] = { ...check.byKind } as Record<string, number>;
  }
  return out;
}
