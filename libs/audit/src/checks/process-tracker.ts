// Consume-transform-produce (the gateway's Process): every output names its input in the
// `onceport-input` header and in its message id, `<group>/<topic>/<partition>/<offset>/<index>`.
// One set of outputs per input offset means: indexes 0..n-1, each once (duplicates of a message
// id are the duplicates check's). Kept per input offset: the count and the highest index, since
// with distinct indexes "count = highest + 1" is exactly "0..n-1 each once".

import { headerText } from "@onceport/kafka";
import { inputHeader, parseInputHeader, parseProcessOutputId } from "../conventions.ts";
import type { AuditRecord } from "../kafka/audit-record.ts";
import type { AnomalyLog } from "../report/anomaly.ts";

export interface InputPartitionOutputs {
  readonly group: string;
  readonly topic: string;
  readonly partition: number;
  /** input offset -> [count of outputs, highest output index] */
  readonly outputs: Map<number, [number, number]>;
}

export class ProcessTracker {
  private readonly inputs = new Map<string, InputPartitionOutputs>();
  private readonly log: AnomalyLog;
  outputsSeen = 0;

  constructor(log: AnomalyLog) {
    this.log = log;
  }

  /** Call for each record read_committed delivered that is not a duplicate. */
  see(record: AuditRecord, messageId: string | undefined): void {
    const header = headerText(record.headers, inputHeader);
    if (header === undefined) return;
    this.outputsSeen += 1;
    const input = parseInputHeader(header);
    const output = messageId === undefined ? null : parseProcessOutputId(messageId);
    const where = { topic: record.topic, partition: record.partition, offsets: [String(record.offset)] };
    if (
      input === null ||
      output === null ||
      output.inputTopic !== input.topic ||
      output.inputPartition !== input.partition ||
      output.inputOffset !== input.offset
    ) {
      this.log.add("consumeTransformProduce", {
        ...where,
        kind: "input-mismatch",
        ...(messageId === undefined ? {} : { messageId }),
        detail: `${inputHeader} "${header}" does not match message id "${messageId ?? ""}"`,
      });
      return;
    }
    const key = `${output.group}\u0000${input.topic}/${input.partition}`;
    let entry = this.inputs.get(key);
    if (entry === undefined) {
      entry = {
        group: output.group,
        topic: input.topic,
        partition: input.partition,
        outputs: new Map(),
      };
      this.inputs.set(key, entry);
    }
    const seen = entry.outputs.get(input.offset);
    if (seen === undefined) {
      entry.outputs.set(input.offset, [1, output.outputIndex]);
    } else {
      seen[0] += 1;
      seen[1] = Math.max(seen[1], output.outputIndex);
    }
  }

  /** Reports input offsets whose outputs are not exactly indexes 0..n-1. */
  checkOutputSets(): void {
    for (const entry of this.inputs.values()) {
      for (const [inputOffset, [count, highest]] of entry.outputs) {
        if (count === highest + 1) continue;
        this.log.add("consumeTransformProduce", {
          kind: "incomplete-output-set",
          topic: entry.topic,
          partition: entry.partition,
          offsets: [String(inputOffset)],
          detail: `group ${entry.group}: input offset ${inputOffset} has ${count} output(s) but indexes up to ${highest}: not one whole set`,
        });
      }
    }
  }

  inputPartitions(): InputPartitionOutputs[] {
    return [...this.inputs.values()];
  }
}
