import type { RecordResult } from "@onceport/api";
import { OnceportError } from "@onceport/errors";
import { ClientKeys } from "../receipts/client-keys.ts";
import type { KafkaReceiptStoreSettings } from "../receipts/kafka-receipt-store.ts";
import { LiveClients, receiptEntries, rememberCommitted } from "../receipts/live-clients.ts";
import type {
  ClientReceipts,
  CommittingKey,
  ReceiptStore,
  StagedReceipt,
} from "../receipts/receipt-store.ts";

/**
 * TEST ONLY (the benchmark of what durable keys cost, and the fault suite's proof that it
 * catches their absence): a store that writes no receipt and reads none, so a key is known
 * only to the session that committed it. This VOIDS exactly-once: a retry after a crash, or
 * through another gateway, writes its records again. Only src/testing/test-main.ts installs it.
 */
export class SessionOnlyReceiptStore implements ReceiptStore {
  private readonly live = new LiveClients();
  private readonly settings: KafkaReceiptStoreSettings;

  constructor(settings: KafkaReceiptStoreSettings) {
    this.settings = settings;
  }

  async catchUp(): Promise<ClientReceipts> {
    const client = new SessionOnlyReceipts(new ClientKeys(this.settings), () => this.live.delete(client));
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

class SessionOnlyReceipts implements ClientReceipts {
  readonly keys: ClientKeys;
  private readonly onRelease: () => void;

  constructor(keys: ClientKeys, onRelease: () => void) {
    this.keys = keys;
    this.onRelease = onRelease;
  }

  async lookup(
    idempotencyKey: string,
    fingerprint: Uint8Array,
  ): Promise<readonly RecordResult[] | undefined> {
    const check = this.keys.check(idempotencyKey);
    // An evicted key ("perhaps") has no receipt to read back: it counts as new.
    if (check.kind !== "committed") return undefined;
    if (!Buffer.from(check.key.fingerprint).equals(fingerprint)) {
      throw new OnceportError(
        "IDEMPOTENCY_KEY_REUSED",
        "idempotency key committed before with other records",
      );
    }
    return check.key.results;
  }

  async stage(_transaction: unknown, keys: readonly CommittingKey[]): Promise<StagedReceipt> {
    return { entries: receiptEntries(keys), offset: -1n };
  }

  committed(receipt: StagedReceipt): void {
    rememberCommitted(this.keys, receipt);
  }

  release(): void {
    this.onRelease();
  }
}
