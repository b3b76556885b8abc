import { create } from "@bufbuild/protobuf";
import { ReceiptEntrySchema, type RecordResult } from "@onceport/api";
import { OnceportError } from "@onceport/errors";
import { ClientKeys } from "../receipts/client-keys.ts";
import type { KafkaReceiptStoreSettings } from "../receipts/kafka-receipt-store.ts";
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
  private readonly live = new Set<SessionOnlyReceipts>();
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
    let keys = 0;
    let bytes = 0;
    for (const client of this.live) {
      keys += client.keys.keyCount;
      bytes += client.keys.bytes;
    }
    return { keys, bytes };
  }

  evictExpired(): void {
    for (const client of this.live) client.keys.evictExpired();
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
    const entries = keys.map((key) =>
      create(ReceiptEntrySchema, {
        idempotencyKey: key.idempotencyKey,
        results: [...key.results],
        requestFingerprint: key.fingerprint,
      }),
    );
    return { entries, offset: -1n };
  }

  committed(receipt: StagedReceipt): void {
    const committedAtMs = Date.now();
    for (const entry of receipt.entries) {
      this.keys.add(entry.idempotencyKey, {
        results: entry.results,
        fingerprint: entry.requestFingerprint,
        committedAtMs,
        receiptOffset: receipt.offset,
      });
    }
  }

  release(): void {
    this.onRelease();
  }
}
