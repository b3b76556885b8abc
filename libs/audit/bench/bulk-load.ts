// Writes many records fast, as the gateway would have written them (message id and client id
// headers, in transactions), and the matching ledger: one transactional producer per partition
// (the only producer Onceport's Kafka seam has), each committing one transaction per batch to
// its own partition, one after another, all partitions in parallel.

import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import type { KafkaClient, SentBatch } from "@onceport/kafka";
import { clientIdHeader, messageIdHeader } from "../src/conventions.ts";
import { formatLedgerLine } from "../src/ledger/ledger-entry.ts";

export interface BulkLoadOptions {
  readonly client: KafkaClient;
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

/** Each record's offset, in the order sent: a send answers with runs of consecutive offsets. */
function offsetsOf(sent: readonly SentBatch[]): number[] {
  return sent.flatMap((batch) => Array.from({ length: batch.count }, (_, i) => Number(batch.baseOffset) + i));
}

export async function bulkLoad(options: BulkLoadOptions): Promise<{ written: number }> {
  const batchSize = options.batchSize ?? 5_000;
  const ledger = options.ledgerPath === undefined ? undefined : createWriteStream(options.ledgerPath);
  const perPartition = Math.ceil(options.records / options.partitions);
  const run = randomBytes(4).toString("hex");
  let written = 0;
  await Promise.all(
    Array.from({ length: options.partitions }, async (_, partition) => {
      const count = Math.min(perPartition, options.records - partition * perPartition);
      if (count <= 0) return;
      const producer = await options.client.transactionalProducer({
        transactionalId: `onceport-audit-bulk-load-${run}-p${partition}`,
        transactionTimeoutMs: 60_000,
      });
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
          const transaction = await producer.begin();
          let offsets: number[];
          try {
            offsets = offsetsOf(
              await transaction.send([
                {
                  topic: options.topic,
                  partition,
                  records: batch.map(({ client, id }) => ({
                    key: null,
                    value: Buffer.from(`payload of ${id}`),
                    headers: [
                      { key: messageIdHeader, value: Buffer.from(id) },
                      { key: clientIdHeader, value: Buffer.from(`load-c${client}`) },
                    ],
                  })),
                },
              ]),
            );
          } catch (error) {
            await transaction.abort().catch(() => undefined);
            throw error;
          }
          await transaction.commit();
          if (ledger !== undefined) {
            const lines = batch.map(({ client, sequence, id }, i) =>
              formatLedgerLine({
                messageId: id,
                clientId: `load-c${client}`,
                topic: options.topic,
                outcome: "acknowledged",
                partition,
                offset: String(offsets[i]),
                sequence,
              }),
            );
            if (!ledger.write(lines.join(""))) await once(ledger, "drain");
          }
          written += size;
        }
      } finally {
        await producer.close();
      }
    }),
  );
  if (ledger !== undefined) {
    ledger.end();
    await once(ledger, "close");
  }
  return { written };
}
