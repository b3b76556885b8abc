import { create } from "@bufbuild/protobuf";
import { type ProcessOutput as ApiProcessOutput, ProcessOutputSchema } from "@onceport/api";
import { OnceportError } from "@onceport/errors";
import { headerList, toApiRecord } from "../records.ts";
import type { ProcessBatch, ProcessOutput } from "./process-types.ts";

/**
 * A handler's outputs as the API's. Mistakes the gateway would answer by
 * ending the stream at once (an input offset not in the batch, a message id or
 * an `onceport-` header of the worker's own) are reported here instead, as the
 * handler's failure, so the worker still leaves cleanly.
 */
export function toApiOutputs(outputs: readonly ProcessOutput[], batch: ProcessBatch): ApiProcessOutput[] {
  if (!Array.isArray(outputs)) {
    throw new OnceportError(
      "INVALID_ARGUMENT",
      `the handler must return an array of outputs (batch ${batch.batchId})`,
    );
  }
  const offsets = new Set(batch.records.map((record) => record.offset));
  return outputs.map((output, index) => {
    const inputOffset = String(output?.inputOffset);
    if (!offsets.has(inputOffset)) {
      throw new OnceportError(
        "INVALID_ARGUMENT",
        `output ${index} names input offset ${inputOffset}, which is not in batch ${batch.batchId} (${batch.topic}/${batch.partition})`,
      );
    }
    const record = output.record;
    const messageId = (record as { messageId?: unknown } | undefined)?.messageId;
    if (messageId !== undefined && messageId !== "") {
      throw new OnceportError(
        "INVALID_ARGUMENT",
        `output ${index} sets a message id: the gateway derives it from the input record`,
      );
    }
    for (const { key: name } of headerList(record.headers)) {
      if (name.toLowerCase().startsWith("onceport-")) {
        throw new OnceportError(
          "RESERVED_HEADER",
          `output ${index}: header names starting "onceport-" are reserved (header ${name})`,
        );
      }
    }
    return create(ProcessOutputSchema, {
      inputOffset: BigInt(inputOffset),
      record: toApiRecord(record),
      traceparent: output.traceparent ?? "",
    });
  });
}
