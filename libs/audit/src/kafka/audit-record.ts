import type { RecordHeaders } from "@onceport/kafka";

/** A record as the checks see it, whichever reader delivered it. */
export interface AuditRecord {
  readonly topic: string;
  readonly partition: number;
  /** Exact below 2^53, which no real partition reaches. */
  readonly offset: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  /** In their order on the wire; the checks read a name's first value (headerText). */
  readonly headers: RecordHeaders;
}
