// Writes many records fast, as the gateway would have written them (message id and client id
// headers), and the matching ledger: one idempotent (non-transactional) producer per partition,
// each sending large batches to its own partition one after another (kafkajs #1005: concurrent
// sends on one idempotent producer can drop messages), all partitions in parallel.

import { once } from "node:events";
import { createWriteStream } from "node:fs";
import type { Kafka } from "kafkajs";
import { Partitioners } from "kafkajs";
import { clientIdHeader, messageIdHeader } from "../src/conventions.ts";
import { formatLedgerLine } from "../src/ledger/ledger-entry.ts";

export interface BulkLoadOptions {
  readonly kafka: Kafka;
  readonly topic: string;
  readonly partitions: number;
  readonly records: number;
  readonly clients: number;
  readonly batchSize?: number;
  /** Writes the ledger here (acknowledged, with partition, offset and sequence) when given. */
  readonly ledgerPath?: string;
}

/** `load-c<client>/p<partition>/<sequence>`: about 20 characters, unique, with the sequence in view. */
export function loadMessageId(client: number, partition: number, sequence: number): string {
  return `load-c${client}/p${partition}/${sequence}`;
}

export async function bulkLoad(options: BulkLoadOptions): Promise<{ written: number }> {
  const batchSize = options.batchSize ?? 5_000;
  const ledger = options.ledgerPath === undefined ? undefined : createWriteStream(options.ledgerPath);
  const perPartition = Math.ceil(options.records / options.partitions);
  let written = 0;
  await Promise.all(
    Array.from({ length: options.partitions }, async (_, partition) => {
      const count = Math.min(perPartition, options.records - partition * perPartition);
      if (count <= 0) return;
      const producer = options.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await producer.connect();
      try {
        const sequences = new Array<number>(options.clients).fill(0);
        for (let sent = 0; sent < count; sent += batchSize) {
          const size = Math.min(batchSize, count - sent);
          const batch = Array.from({ length: size }, (_, i) => {
            const client = (sent + i) % options.clients;
            const sequence = sequences[client] ?? 0;
            sequences[client] = sequence + 1;
            return { client, sequence, id: loadMessageId(client, partition, sequence) };
          });
          const [meta] = await producer.send({
            topic: options.topic,
            acks: -1,
            messages: batch.map(({ client, id }) => ({
              partition,
              value: `payload of ${id}`,
              headers: { [messageIdHeader]: id, [clientIdHeader]: `load-c${client}` },
            })),
          });
          const base = Number(meta?.baseOffset);
          if (ledger !== undefined) {
            const lines = batch.map(({ client, sequence, id }, i) =>
              formatLedgerLine({
                messageId: id,
                clientId: `load-c${client}`,
                topic: options.topic,
                outcome: "acknowledged",
                partition,
                offset: String(base + i),
                sequence,
              }),
            );
            if (!ledger.write(lines.join(""))) await once(ledger, "drain");
          }
          written += size;
        }
      } finally {
        await producer.disconnect();
      }
    }),
  );
  if (ledger !== undefined) {
    ledger.end();
    await once(ledger, "close");
  }
  return { written };
}
