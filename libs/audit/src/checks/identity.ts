// Which id a record has: its `onceport-message-id` header, or, for records not written through
// the gateway, a configurable identity made of its key and/or value.
import { createHash } from "node:crypto";
import { headerText } from "@onceport/kafka";
import { messageIdHeader } from "../conventions.ts";
import type { AuditRecord } from "../kafka/audit-record.ts";

export type FallbackIdentity = "none" | "key" | "value" | "key-value";

/**
 * Key and value identities are hashed (SHA-256, 128 bits kept): values can be large, and the
 * window holds ids. Two different records sharing 128 bits by chance is not a practical concern.
 */
export function recordId(record: AuditRecord, fallback: FallbackIdentity): string | undefined {
  const header = headerText(record.headers, messageIdHeader);
  if (header !== undefined) return header;
  switch (fallback) {
    case "none":
      return undefined;
    case "key":
      return record.key === null ? undefined : digest("key", record.key, null);
    case "value":
      return record.value === null ? undefined : digest("value", record.value, null);
    case "key-value":
      return digest("key-value", record.key, record.value);
  }
}

function digest(kind: string, first: Buffer | null, second: Buffer | null): string {
  const hash = createHash("sha256");
  // Lengths first, so that (key "ab", value "c") and (key "a", value "bc") differ.
  hash.update(`${first?.length ?? -1}:${second?.length ?? -1}:`);
  if (first !== null) hash.update(first);
  if (second !== null) hash.update(second);
  return `${kind}:${hash.digest("base64url").slice(0, 22)}`;
}
