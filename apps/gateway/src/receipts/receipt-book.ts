import { randomUUID } from "node:crypto";
import type { Receipt, RecordResult } from "@onceport/api";
import { OnceportError } from "@onceport/errors";
import { RecentMap } from "../util/recent-map.ts";

interface StoredEntry {
  readonly results: readonly RecordResult[];
  readonly committedAtMs: number;
}

interface MarkerWaiter {
  resolve(): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * The idempotency keys the gateway knows were committed, per client, read back
 * from the receipts topic (and added directly after the gateway's own commits).
 *
 * Kafka is the only store: a gateway taking over a client first fences the
 * client's old producer, then commits a marker receipt and waits until the
 * receipts reader delivers it. Receipts are read in commit order per partition,
 * so by then every receipt the client committed before, anywhere, is here.
 */
export class ReceiptBook {
  private readonly byClient = new Map<string, Map<string, StoredEntry>>();
  private readonly markerWaiters = new Map<string, MarkerWaiter>();
  private size = 0;
  /** Names this process's receipts: `<process>/<number>`. */
  private readonly processId = randomUUID();
  private receiptsNumbered = 0;
  /**
   * Receipts this process committed and remembered, until the receipts reader meets them.
   * Bounded: one dropped here (or added after the reader met it) is merely decoded.
   */
  private readonly rememberedReceipts = new RecentMap<string, true>(100_000);

  private readonly windowMs: number;

  constructor(windowMs: number) {
    this.windowMs = windowMs;
  }

  /** Number of idempotency keys held. */
  get keyCount(): number {
    return this.size;
  }

  lookup(clientId: string, idempotencyKey: string): readonly RecordResult[] | undefined {
    return this.byClient.get(clientId)?.get(idempotencyKey)?.results;
  }

  /** Adds what a receipt says, and wakes the session waiting for its marker. */
  apply(receipt: Receipt): void {
    const committedAtMs = Number(receipt.committedAtMs);
    for (const entry of receipt.entries) {
      this.remember(receipt.clientId, entry.idempotencyKey, entry.results, committedAtMs);
    }
    if (receipt.sessionMarker !== "") {
      const waiter = this.markerWaiters.get(receipt.sessionMarker);
      if (waiter) {
        clearTimeout(waiter.timer);
        this.markerWaiters.delete(receipt.sessionMarker);
        waiter.resolve();
      }
    }
  }

  /** An id for a receipt this process is about to write (its record's receiptIdHeader). */
  nextReceiptId(): string {
    return `${this.processId}/${this.receiptsNumbered++}`;
  }

  /**
   * What a receipt this process wrote says, once its transaction committed: remembered
   * now, so its record is skipped, undecoded, when the receipts reader meets it. A receipt
   * whose commit answer was lost is never passed here, so the reader decodes it.
   */
  rememberCommitted(
    clientId: string,
    receiptId: string | undefined,
    entries: readonly { readonly idempotencyKey: string; readonly results: readonly RecordResult[] }[],
  ): void {
    for (const entry of entries) this.remember(clientId, entry.idempotencyKey, entry.results);
    if (receiptId !== undefined) this.rememberedReceipts.set(receiptId, true);
  }

  /**
   * True when the receipt read back is one rememberCommitted took already: its record
   * need not be decoded. Each id answers true once.
   */
  takeRemembered(receiptId: string): boolean {
    return this.rememberedReceipts.delete(receiptId);
  }

  remember(
    clientId: string,
    idempotencyKey: string,
    results: readonly RecordResult[],
    committedAtMs = Date.now(),
  ): void {
    let keys = this.byClient.get(clientId);
    if (!keys) {
      keys = new Map();
      this.byClient.set(clientId, keys);
    }
    if (!keys.has(idempotencyKey)) this.size++;
    keys.set(idempotencyKey, { results, committedAtMs });
  }

  /**
   * Resolves once the receipts reader delivered the marker. Register before
   * committing the marker, so its delivery cannot be missed.
   */
  waitForMarker(marker: string, timeoutMs: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.markerWaiters.delete(marker);
        reject(
          new OnceportError(
            "KAFKA_UNAVAILABLE",
            `the receipts topic did not deliver this session's marker within ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      this.markerWaiters.set(marker, { resolve, reject, timer });
    });
  }

  cancelMarker(marker: string): void {
    const waiter = this.markerWaiters.get(marker);
    if (!waiter) return;
    clearTimeout(waiter.timer);
    this.markerWaiters.delete(marker);
  }

  /** Forgets keys older than the idempotency window, as the receipts topic's retention does. */
  evictExpired(now = Date.now()): number {
    let evicted = 0;
    const oldestKept = now - this.windowMs;
    for (const [clientId, keys] of this.byClient) {
      // Maps iterate in insertion order, which is commit order: stop at the first fresh key.
      for (const [key, entry] of keys) {
        if (entry.committedAtMs >= oldestKept) break;
        keys.delete(key);
        evicted++;
      }
      if (keys.size === 0) this.byClient.delete(clientId);
    }
    this.size -= evicted;
    return evicted;
  }

  /** Fails every waiter: the gateway is stopping. */
  close(): void {
    for (const [marker, waiter] of this.markerWaiters) {
      clearTimeout(waiter.timer);
      waiter.reject(new OnceportError("SHUTTING_DOWN", "the gateway is shutting down"));
      this.markerWaiters.delete(marker);
    }
  }
}
