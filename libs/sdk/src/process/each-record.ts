import type { ConsumedRecord } from "../consumer/consumed-record.ts";
import type { OutputRecord, ProcessBatch, ProcessHandler, ProcessOutput } from "./process-types.ts";

/** What a per-record transform returns: the record's outputs (an array, one, or none). */
export type RecordOutputs = readonly OutputRecord[] | OutputRecord | null | undefined;

/**
 * A handler made from a per-record transform: each input record's outputs are
 * tagged with its offset, in order. The transform runs on one record at a time,
 * in offset order, and must be deterministic.
 *
 * ```ts
 * client.process({ group: "eur", topics: ["payments"] }, eachRecord((record) => ({
 *   topic: "payments-eur", key: record.key ?? undefined, value: convert(record.value),
 * })));
 * ```
 */
export function eachRecord(
  transform: (record: ConsumedRecord, batch: ProcessBatch) => RecordOutputs | Promise<RecordOutputs>,
): ProcessHandler {
  return async (batch) => {
    const outputs: ProcessOutput[] = [];
    for (const record of batch.records) {
      const produced = await transform(record, batch);
      if (produced === null || produced === undefined) continue;
      for (const output of isList(produced) ? produced : [produced]) {
        outputs.push({ inputOffset: record.offset, record: output });
      }
    }
    return outputs;
  };
}

function isList(outputs: readonly OutputRecord[] | OutputRecord): outputs is readonly OutputRecord[] {
  return Array.isArray(outputs);
}
