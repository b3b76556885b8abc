import { randomUUID } from "node:crypto";
import type { Receipt, ReceiptEntry, RecordResult } from "@onceport/api";
import { OnceportError } from "@onceport/errors";
import type { KafkaAdmin, KafkaClient } from "@onceport/kafka";
import type { ClientProducer, ProducerTransaction } from "../kafka/client-producer.ts";
import type { TopicCatalog } from "../kafka/topic-catalog.ts";
import type { Logger } from "../logger.ts";
import { gatewayMetrics } from "../telemetry/gateway-metrics.ts";
import { ClientKeys, type ClientKeysLimits, type CommittedKey } from "./client-keys.ts";
import { type ScanTarget, scanClientReceipts } from "./client-receipts-scan.ts";
import type { OffsetRange } from "./key-filter.ts";
import { LiveClients, receiptEntries, rememberCommitted } from "./live-clients.ts";
import { receiptRecord, receiptsPartition } from "./receipt-record.ts";
import type { ClientReceipts, CommittingKey, ReceiptStore, StagedReceipt } from "./receipt-store.ts";

export interface KafkaReceiptStoreSettings extends ClientKeysLimits {
  readonly topic: string;
  /** How long a catch-up or a look-up in Kafka may wait (covers a hanging transaction). */
  readonly readTimeoutMs: number;
}

export interface KafkaReceiptStoreParts {
  readonly readers: KafkaClient;
  readonly admin: KafkaAdmin;
  readonly catalog: TopicCatalog;
  readonly logger: Logger;
}

/**
 * Receipts in Kafka only, in the same transaction as the records, and in memory only for the
 * clients this gateway serves now. A client's receipts share one partition of the receipts
 * topic (keyed by its id); a session catching up reads that partition's idempotency window,
 * up to the marker it committed after fencing, and keeps the client's keys (ClientKeys). Keys
 * evicted for room are looked up in that partition again when asked for.
 */
export class KafkaReceiptStore implements ReceiptStore {
  private readonly live = new LiveClients();
  private readonly settings: KafkaReceiptStoreSettings;
  private readonly parts: KafkaReceiptStoreParts;

  constructor(settings: KafkaReceiptStoreSettings, parts: KafkaReceiptStoreParts) {
    this.settings = settings;
    this.parts = parts;
  }

  async catchUp(clientId: string, producer: ClientProducer): Promise<ClientReceipts> {
    const { topic } = this.settings;
    const partition = await receiptsPartition(this.parts.catalog, topic, clientId);
    const target: ScanTarget = { ...this.parts, topic, partition, clientId };
    const keys = new ClientKeys(this.settings);
    // Committed after fencing: every receipt the client committed before lies below it.
    const marker = `${producer.transactionalId}/${randomUUID()}`;
    const markerOffset = await producer.transact(async (transaction) => {
      const [sent] = await transaction.send([
        { topic, partition, records: [receiptRecord(clientId, { sessionMarker: marker })] },
      ]);
      if (!sent) throw new OnceportError("INTERNAL", "the marker receipt's send gave no offset");
      return sent.baseOffset;
    });
    const startedAt = performance.now();
    const read = await scanClientReceipts(
      target,
      {
        from: { timeMs: Date.now() - this.settings.windowMs },
        untilOffset: markerOffset + 1n,
        deadline: Date.now() + this.settings.readTimeoutMs,
        what: "catching up on the client's receipts",
      },
      (receipt, offset) => applyReceipt(keys, receipt, offset),
    );
    const catchUpMs = performance.now() - startedAt;
    gatewayMetrics.catchUp(catchUpMs / 1000);
    this.parts.logger.debug(
      { clientId, partition, ...read, keys: keys.keyCount, ms: Math.round(catchUpMs) },
      "caught up on a client's receipts",
    );
    const client = new KafkaClientReceipts(target, keys, this.settings, () => this.live.delete(client));
    this.live.add(client);
    return client;
  }

  held(): { keys: number; bytes: number } {
    return this.live.held();
  }

  evictExpired(): void {
    this.live.evictExpired();
  }
}

class KafkaClientReceipts implements ClientReceipts {
  readonly keys: ClientKeys;
  private readonly target: ScanTarget;
  private readonly settings: KafkaReceiptStoreSettings;
  private readonly onRelease: () => void;

  constructor(
    target: ScanTarget,
    keys: ClientKeys,
    settings: KafkaReceiptStoreSettings,
    onRelease: () => void,
  ) {
    this.target = target;
    this.keys = keys;
    this.settings = settings;
    this.onRelease = onRelease;
  }

  async lookup(
    idempotencyKey: string,
    fingerprint: Uint8Array,
  ): Promise<readonly RecordResult[] | undefined> {
    const check = this.keys.check(idempotencyKey);
    if (check.kind === "new") return undefined;
    const known =
      check.kind === "committed" ? check.key : await this.findInKafka(idempotencyKey, check.ranges);
    if (!known) return undefined;
    if (known.fingerprint.length > 0 && !Buffer.from(known.fingerprint).equals(fingerprint)) {
      throw new OnceportError(
        "IDEMPOTENCY_KEY_REUSED",
        `idempotency key ${quoted(idempotencyKey)} was committed before with other records (or by another kind of call); nothing was written: use a new key for a new request`,
      );
    }
    return known.results;
  }

  async stage(transaction: ProducerTransaction, keys: readonly CommittingKey[]): Promise<StagedReceipt> {
    const entries = receiptEntries(keys);
    const [sent] = await transaction.send([
      {
        topic: this.target.topic,
        partition: this.target.partition,
        records: [receiptRecord(this.target.clientId, { entries })],
      },
    ]);
    return { entries, offset: sent?.baseOffset ?? -1n };
  }

  committed(receipt: StagedReceipt): void {
    rememberCommitted(this.keys, receipt);
  }

  release(): void {
    this.onRelease();
  }

  /**
   * A key evicted for room (or a false positive of its filter): the stretches of the client's
   * partition its filters cover are read again, newest first. Every receipt there is decided:
   * they were committed before this session caught up, or by this session, which is the
   * client's only writer and not in a transaction now.
   */
  private async findInKafka(
    idempotencyKey: string,
    ranges: readonly OffsetRange[],
  ): Promise<CommittedKey | undefined> {
    let found: CommittedKey | undefined;
    // A receipt whose send gave no offset (-1) left no stretch to read back.
    for (const range of ranges.filter(({ toOffset }) => toOffset >= 0n)) {
      await scanClientReceipts(
        this.target,
        {
          from: { offset: range.fromOffset },
          untilOffset: range.toOffset + 1n,
          deadline: Date.now() + this.settings.readTimeoutMs,
          what: "looking up an idempotency key evicted from memory",
        },
        (receipt, offset) => {
          const entry = receipt.entries.find((candidate) => candidate.idempotencyKey === idempotencyKey);
          if (entry && !found) found = committedKey(receipt, entry, offset);
        },
      );
      if (found) break;
    }
    if (found && found.committedAtMs < Date.now() - this.settings.windowMs) return undefined;
    if (found) this.keys.add(idempotencyKey, found);
    return found;
  }
}

function applyReceipt(keys: ClientKeys, receipt: Receipt, offset: bigint): void {
  for (const entry of receipt.entries) keys.add(entry.idempotencyKey, committedKey(receipt, entry, offset));
}

function committedKey(receipt: Receipt, entry: ReceiptEntry, offset: bigint): CommittedKey {
  return {
    results: entry.results,
    fingerprint: entry.requestFingerprint,
    committedAtMs: Number(receipt.committedAtMs),
    receiptOffset: offset,
  };
}

function quoted(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}
