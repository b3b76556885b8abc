import type { IHeaders } from "kafkajs";

/** A record as the checks see it, whichever reader delivered it. */
export interface AuditRecord {
  readonly topic: string;
  readonly partition: number;
  /** Exact below 2^53, which no real partition reaches. */
  readonly offset: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: IHeaders;
}

/** A header's first value as text (kafkajs gives Buffers, or arrays for repeated headers). */
export function headerText(headers: IHeaders, name: string): string | undefined {
  const value = headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  if (first === undefined) return undefined;
  return typeof first === "string" ? first : first.toString("utf8");
}
