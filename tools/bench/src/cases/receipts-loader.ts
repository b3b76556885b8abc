// Fills a receipts topic with idempotency keys as a fleet of gateways would have, without a
// gateway: receipts (onceport.v1.Receipt, keyed by client id, on the client's murmur2
// partition) written by one transactional producer, committed every few thousand records.
import { create, toBinary } from "@bufbuild/protobuf";
import { ReceiptSchema } from "@onceport/api";
import { type OutgoingRecord, partitionForKey } from "@onceport/kafka";
import { devKafkaClient, uniqueTransactionalId } from "@onceport/kafka-dev/testing";

/** Keys in one receipt: one transaction's publishes of one client, as a publish stream batches them. */
const keysPerReceipt = 10;
/** Receipts per transaction of the loader, and per send. */
const receiptsPerTransaction = 20_000;
const recordsPerSend = 2_000;

export interface LoadedClient {
  readonly clientId: string;
  readonly keys: number;
}

export interface LoadPlan {
  readonly topic: string;
  readonly partitions: number;
  /** The topic the receipts' results name (it must exist: a duplicate answer plans the records first). */
  readonly resultsTopic: string;
  /** Clients with a chosen number of keys each. */
  readonly named: readonly LoadedClient[];
  /** The rest of the keys, spread evenly over this many more clients. */
  readonly spreadKeys: number;
  readonly spreadClients: number;
  readonly clientPrefix: string;
}

/** The idempotency key of a client's i-th publish, as the bench's clients retry it. */
export function loadedKey(clientId: string, index: number): string {
  return `${clientId}/k${index}`;
}

/**
 * Writes the plan's keys, every client's interleaved with the others' (round-robin, a receipt
 * at a time), so a client's keys are spread over its whole partition as they are in a window.
 * Returns the bytes written (the receipts' values).
 */
export async function loadReceipts(brokers: readonly string[], plan: LoadPlan): Promise<number> {
  const clients: LoadedClient[] = [...plan.named];
  const each = Math.floor(plan.spreadKeys / Math.max(1, plan.spreadClients));
  for (let i = 0; i < plan.spreadClients; i++)
    clients.push({ clientId: `${plan.clientPrefix}${i}`, keys: each });
  const client = await devKafkaClient(brokers);
  const producer = await client.transactionalProducer({
    transactionalId: uniqueTransactionalId("receipts-loader"),
    transactionTimeoutMs: 60_000,
  });
  let bytes = 0;
  try {
    const written = new Map<string, number>();
    let transaction = await producer.begin();
    let inTransaction = 0;
    let pending = new Map<number, OutgoingRecord[]>();
    let pendingCount = 0;
    const flush = async (): Promise<void> => {
      if (pendingCount === 0) return;
      const batches = [...pending].map(([partition, records]) => ({ topic: plan.topic, partition, records }));
      pending = new Map();
      pendingCount = 0;
      await transaction.send(batches);
    };
    for (let any = true; any; ) {
      any = false;
      for (const loaded of clients) {
        const next = written.get(loaded.clientId) ?? 0;
        if (next >= loaded.keys) continue;
        any = true;
        const count = Math.min(keysPerReceipt, loaded.keys - next);
        const value = receiptValue(loaded.clientId, next, count, plan.resultsTopic);
        bytes += value.length;
        written.set(loaded.clientId, next + count);
        const key = Buffer.from(loaded.clientId);
        const partition = partitionForKey(key, plan.partitions);
        const records = pending.get(partition) ?? [];
        records.push({ key, value, headers: [] });
        pending.set(partition, records);
        if (++pendingCount >= recordsPerSend) await flush();
        if (++inTransaction >= receiptsPerTransaction) {
          await flush();
          await transaction.commit();
          transaction = await producer.begin();
          inTransaction = 0;
        }
      }
    }
    await flush();
    await transaction.commit();
  } finally {
    await producer.close();
  }
  return bytes;
}

function receiptValue(clientId: string, first: number, count: number, topic: string): Buffer {
  const entries = Array.from({ length: count }, (_, n) => ({
    idempotencyKey: loadedKey(clientId, first + n),
    // No fingerprint: any retry of the key is answered as its duplicate.
    results: [
      { topic, partition: 0, offset: BigInt(first + n), messageId: `${loadedKey(clientId, first + n)}/0` },
    ],
  }));
  const bytes = toBinary(
    ReceiptSchema,
    create(ReceiptSchema, { clientId, committedAtMs: BigInt(Date.now()), entries }),
  );
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
