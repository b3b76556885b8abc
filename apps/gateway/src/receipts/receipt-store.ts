import type { ReceiptEntry, RecordResult } from "@onceport/api";
import type { ClientProducer, ProducerTransaction } from "../kafka/client-producer.ts";

/** What a transaction commits for one idempotency key. */
export interface CommittingKey {
  readonly idempotencyKey: string;
  readonly fingerprint: Uint8Array;
  readonly results: readonly RecordResult[];
}

/** A receipt written in a transaction, to be told to `committed` once the transaction commits. */
export interface StagedReceipt {
  readonly entries: readonly ReceiptEntry[];
  /** Where the receipt's record was written in the client's receipts partition (-1: none was). */
  readonly offset: bigint;
}

/**
 * The idempotency keys of one client, as its session sees them: the session asks before it
 * writes, stages the receipt in the transaction that writes the records, and reports the
 * commit. How receipts are kept is the store's business alone.
 */
export interface ClientReceipts {
  /**
   * What the key committed before, or undefined when it never did. A key that committed
   * with another request (another fingerprint) is refused: IDEMPOTENCY_KEY_REUSED.
   */
  lookup(idempotencyKey: string, fingerprint: Uint8Array): Promise<readonly RecordResult[] | undefined>;
  /** Writes the receipt of these keys in the transaction: sent last, just before the commit. */
  stage(transaction: ProducerTransaction, keys: readonly CommittingKey[]): Promise<StagedReceipt>;
  /** The staged receipt's transaction committed: its keys answer as duplicates from now on. */
  committed(receipt: StagedReceipt): void;
  /** The session ended: what the client's keys held is released. */
  release(): void;
}

/** Where a gateway keeps the idempotency keys of the clients it serves. */
export interface ReceiptStore {
  /**
   * Catches up on a client whose producer was just initialised (which fenced every earlier
   * one of it): once this resolves, every key the client committed anywhere before is known.
   */
  catchUp(clientId: string, producer: ClientProducer): Promise<ClientReceipts>;
  /** Keys held in memory, and their estimated bytes, over every client served now. */
  held(): { readonly keys: number; readonly bytes: number };
  /** Forgets keys older than the idempotency window. */
  evictExpired(): void;
}
