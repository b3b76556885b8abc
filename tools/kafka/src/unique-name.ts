// Names no other test (or earlier run against the same long-lived broker) has used.
import { randomBytes } from "node:crypto";

/** `<prefix>-<time>-<random>`, restricted to the characters Kafka allows in topic names. */
export function uniqueName(prefix: string): string {
  const safePrefix = prefix.replace(/[^a-zA-Z0-9._-]/g, "-");
  return `${safePrefix}-${Date.now().toString(36)}-${randomBytes(4).toString("hex")}`;
}
