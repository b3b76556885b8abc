import { create } from "@bufbuild/protobuf";
import { type ReceiptEntry, ReceiptEntrySchema } from "@onceport/api";
import type { ClientKeys } from "./client-keys.ts";
import type { CommittingKey, StagedReceipt } from "./receipt-store.ts";

/** The keys of the clients a store serves now: what its gauges add up and its sweep ages. */
export class LiveClients {
  private readonly live = new Set<{ readonly keys: ClientKeys }>();

  add(client: { readonly keys: ClientKeys }): void {
    this.live.add(client);
  }

  /** The client's session ended: its keys are no longer held. */
  delete(client: { readonly keys: ClientKeys }): void {
    this.live.delete(client);
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

/** The receipt entries of keys a transaction commits, with their requests' fingerprints. */
export function receiptEntries(keys: readonly CommittingKey[]): ReceiptEntry[] {
  return keys.map((key) =>
    create(ReceiptEntrySchema, {
      idempotencyKey: key.idempotencyKey,
      results: [...key.results],
      requestFingerprint: key.fingerprint,
    }),
  );
}

/** A committed receipt's keys, remembered as committed now. */
export function rememberCommitted(keys: ClientKeys, receipt: StagedReceipt): void {
  const committedAtMs = Date.now();
  for (const entry of receipt.entries) {
    keys.add(entry.idempotencyKey, {
      results: entry.results,
      fingerprint: entry.requestFingerprint,
      committedAtMs,
      receiptOffset: receipt.offset,
    });
  }
}
