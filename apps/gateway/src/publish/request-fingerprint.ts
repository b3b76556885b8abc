import { createHash, type Hash } from "node:crypto";
import type { Record as ApiRecord } from "@onceport/api";

/** Bytes of a fingerprint kept with a key: 128 bits of SHA-256, far from any accidental collision. */
const fingerprintBytes = 16;

/**
 * The fingerprint of a publish as its caller sent it: each record's topic, partition, key,
 * value, headers and message id, in order. A retry sends the same records, so it has the
 * same fingerprint; a key reused for other records has another (IDEMPOTENCY_KEY_REUSED).
 * Every field goes in with its length, so no two different publishes read as the same bytes.
 */
export function publishFingerprint(records: readonly ApiRecord[]): Uint8Array {
  const hash = createHash("sha256");
  hash.update("publish");
  for (const record of records) {
    field(hash, record.topic);
    field(hash, record.partition === undefined ? "" : String(record.partition));
    field(hash, record.key === undefined ? "-" : "+");
    if (record.key !== undefined) field(hash, record.key);
    field(hash, record.value);
    field(hash, String(record.headers.length));
    for (const header of record.headers) {
      field(hash, header.key);
      field(hash, header.value);
    }
    field(hash, record.messageId);
  }
  return hash.digest().subarray(0, fingerprintBytes);
}

/**
 * The fingerprint of an interactive transaction's key: its records are not known when it
 * begins, so what is checked is the kind of call. A Publish with a transaction's key, or a
 * BeginTransaction with a publish's key, is refused.
 */
export const interactiveTransactionFingerprint: Uint8Array = createHash("sha256")
  .update("interactive-transaction")
  .digest()
  .subarray(0, fingerprintBytes);

function field(hash: Hash, value: string | Uint8Array): void {
  const length = typeof value === "string" ? Buffer.byteLength(value) : value.byteLength;
  hash.update(`${length}:`);
  hash.update(value);
}
