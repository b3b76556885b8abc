import type { Context, Link } from "@opentelemetry/api";

/** The trace a record is written under when it is not the active one. */
export interface RecordTrace {
  /** The parent of the record's producer span. */
  readonly parent: Context;
  /** Spans the record's producer span links to (a Process output: its input). */
  readonly links?: Link[];
}

/**
 * Kept beside the planned records rather than in them: a planned record is
 * what Kafka gets, and who planned it (a stream's publish, a worker's
 * output) decides its trace. Weak, so a record's trace goes with the record.
 */
const traces = new WeakMap<object, RecordTrace>();

/** Writes these records under `trace` (only called while tracing). */
export function tagRecords(records: readonly object[], trace: RecordTrace): void {
  for (const record of records) traces.set(record, trace);
}

export function tagRecord(record: object, trace: RecordTrace): void {
  traces.set(record, trace);
}

/** The trace a record was tagged with, if any. */
export function recordTraceOf(record: object): RecordTrace | undefined {
  return traces.get(record);
}
