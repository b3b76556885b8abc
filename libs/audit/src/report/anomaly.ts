// What the audit reports: each anomaly it finds, counted per check and per partition, with the
// first few kept as examples.

export type CheckName =
  | "duplicates"
  | "lostWrites"
  | "abortedVisible"
  | "order"
  | "unknownOutcomes"
  | "consumeTransformProduce"
  | "hangingTransactions";

export const checkNames: readonly CheckName[] = [
  "duplicates",
  "lostWrites",
  "abortedVisible",
  "order",
  "unknownOutcomes",
  "consumeTransformProduce",
  "hangingTransactions",
];

export type AnomalyKind =
  | "duplicate"
  | "lost"
  | "unseen"
  | "failed-visible"
  | "backwards"
  | "skip"
  | "unknown-twice"
  | "too-many-unknown"
  | "incomplete-output-set"
  | "input-mismatch"
  | "offsets-behind-outputs"
  | "offsets-past-outputs"
  | "outputs-without-offsets"
  | "lso-stuck"
  | "hanging";

export interface Anomaly {
  readonly kind: AnomalyKind;
  readonly topic: string;
  readonly partition?: number;
  readonly messageId?: string;
  readonly clientId?: string;
  /** Offsets involved, as decimal strings (Kafka offsets are 64-bit). */
  readonly offsets?: readonly string[];
  readonly detail: string;
}

export interface CheckResult {
  /** `skipped` when the audit lacked what the check needs (say, no ledger); see `note`. */
  status: "passed" | "failed" | "skipped";
  count: number;
  /** Counts per `<topic>/<partition>` (or `<topic>` when no partition applies). */
  byPartition: Record<string, number>;
  /** Counts per anomaly kind. */
  byKind: Partial<Record<AnomalyKind, number>>;
  examples: Anomaly[];
  note?: string;
}

export class AnomalyLog {
  private readonly results = new Map<CheckName, CheckResult>();
  readonly maxExamples: number;

  constructor(maxExamples: number) {
    this.maxExamples = maxExamples;
    for (const name of checkNames) {
      this.results.set(name, { status: "passed", count: 0, byPartition: {}, byKind: {}, examples: [] });
    }
  }

  add(check: CheckName, anomaly: Anomaly): void {
    const result = this.result(check);
    result.count += 1;
    result.status = "failed";
    const where = anomaly.partition === undefined ? anomaly.topic : `${anomaly.topic}/${anomaly.partition}`;
    result.byPartition[where] = (result.byPartition[where] ?? 0) + 1;
    result.byKind[anomaly.kind] = (result.byKind[anomaly.kind] ?? 0) + 1;
    if (result.examples.length < this.maxExamples) result.examples.push(anomaly);
  }

  skip(check: CheckName, note: string): void {
    const result = this.result(check);
    if (result.count === 0) result.status = "skipped";
    result.note = note;
  }

  note(check: CheckName, note: string): void {
    const result = this.result(check);
    result.note = result.note === undefined ? note : `${result.note}; ${note}`;
  }

  count(check: CheckName): number {
    return this.result(check).count;
  }

  snapshot(): Record<CheckName, CheckResult> {
    const out = {} as Record<CheckName, CheckResult>;
    for (const name of checkNames) out[name] = structuredClone(this.result(name));
    return out;
  }

  private result(check: CheckName): CheckResult {
    const result = this.results.get(check);
    if (result === undefined) throw new Error(`unknown check ${check}`);
    return result;
  }
}
