import type { ProcessOutput } from "@onceport/api";
import { inputHeader } from "@onceport/audit";
import { OnceportError } from "@onceport/errors";
import type { PlannedRecord } from "../kafka/planned-record.ts";
import type { TopicCatalog } from "../kafka/topic-catalog.ts";
import { type PublishLimits, planRecords } from "../publish/record-plan.ts";

/** The batch a result answers. */
export interface AnsweredBatch {
  readonly group: string;
  readonly workerId: string;
  readonly topic: string;
  readonly partition: number;
  /** Offsets of the batch's records: an output may only name one of them. */
  readonly inputOffsets: ReadonlySet<bigint>;
}

/**
 * Checks a worker's outputs and turns them into records for Kafka, as a
 * publish's records are (same limits, same reserved headers), with the
 * headers of the Process convention: `onceport-message-id` =
 * "<group>/<input topic>/<input partition>/<input offset>/<output index>" (the
 * index counts the outputs of one input record), `onceport-input` and
 * `onceport-client-id` = the worker id. A redelivered batch answered alike
 * gets the same message ids, so the audit can tell the outputs of each input.
 */
export async function planOutputs(
  outputs: readonly ProcessOutput[],
  batch: AnsweredBatch,
  catalog: TopicCatalog,
  limits: PublishLimits,
): Promise<PlannedRecord[]> {
  if (outputs.length > limits.maxRecordsPerPublish) {
    throw new OnceportError(
      "TOO_MANY_RECORDS",
      `${outputs.length} outputs for one batch; the limit is ${limits.maxRecordsPerPublish}`,
    );
  }
  const outputsPerInput = new Map<bigint, number>();
  const planned: PlannedRecord[] = [];
  let totalBytes = 0;
  for (const [index, output] of outputs.entries()) {
    const where = `output ${index}`;
    const record = output.record;
    if (!record) throw new OnceportError("INVALID_ARGUMENT", `${where} has no record`);
    if (!batch.inputOffsets.has(output.inputOffset)) {
      throw new OnceportError(
        "INVALID_ARGUMENT",
        `${where} names input offset ${output.inputOffset}, which is not in the batch`,
      );
    }
    if (record.messageId !== "") {
      throw new OnceportError(
        "INVALID_ARGUMENT",
        `${where} sets a message id: the gateway derives it from the input record`,
      );
    }
    const outputIndex = outputsPerInput.get(output.inputOffset) ?? 0;
    outputsPerInput.set(output.inputOffset, outputIndex + 1);
    const input = `${batch.topic}/${batch.partition}/${output.inputOffset}`;
    let one: PlannedRecord | undefined;
    try {
      // The "key" planRecords derives message ids from: <key>/<index>.
      [one] = await planRecords(
        [record],
        { clientId: batch.workerId, idempotencyKey: `${batch.group}/${input}`, firstIndex: outputIndex },
        catalog,
        limits,
      );
    } catch (error) {
      if (
        error instanceof OnceportError &&
        error.reason !== "INTERNAL" &&
        error.reason !== "KAFKA_UNAVAILABLE"
      ) {
        // planRecords speaks of "record 0": the worker knows it as this output.
        throw new OnceportError(error.reason, error.message.replace(/^record 0\b/, where), { cause: error });
      }
      throw error;
    }
    if (!one) throw new OnceportError("INTERNAL", `${where} was not planned`);
    totalBytes += one.sizeBytes;
    if (totalBytes > limits.maxRequestBytes) {
      throw new OnceportError("REQUEST_TOO_LARGE", `the outputs exceed ${limits.maxRequestBytes} bytes`);
    }
    planned.push({ ...one, headers: [...one.headers, { key: inputHeader, value: Buffer.from(input) }] });
  }
  return planned;
}
