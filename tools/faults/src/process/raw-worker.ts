// A Process worker (onceport.v1.ProcessService) speaking the protocol itself, on a connection
// of its own, so that killing it is what the gateway sees when a worker process dies: its
// stream cancelled and its connection closed, mid-batch. Each input record gets one output,
// its value copied, to the output topic.
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import type { ClientDuplexStream, StatusObject } from "@grpc/grpc-js";
import {
  type ProcessBatch,
  type ProcessRequest,
  ProcessRequestSchema,
  type ProcessResponse,
  ProcessService,
  ServiceClient,
} from "@onceport/api";

export interface RawWorkerOptions {
  readonly address: string;
  readonly group: string;
  readonly inputTopic: string;
  readonly outputTopic: string;
  readonly workerId: string;
  readonly maxBatchRecords: number;
  readonly maxInFlightBatches: number;
  /** Thinks this long before answering a batch. */
  readonly thinkMs: number;
}

export class RawWorker {
  readonly options: RawWorkerOptions;
  readonly rejections: string[] = [];
  /** How the stream ended: "OK" or the status details; undefined while it runs. */
  ended: string | undefined;
  /** While true, batches are held, not answered (a paused, then zombie, worker). */
  holding = false;
  /** Batches received and not answered yet. */
  readonly held = new Map<string, ProcessBatch>();
  private killed = false;
  private killOnNextBatch = false;
  private readonly client: ServiceClient<typeof ProcessService>;
  private readonly call: ClientDuplexStream<ProcessRequest, ProcessResponse>;

  constructor(options: RawWorkerOptions) {
    this.options = options;
    // A connection of its own (no shared subchannel), so that killing it closes just that.
    this.client = new ServiceClient(ProcessService, options.address, {
      channelOptions: { "grpc.use_local_subchannel_pool": 1 },
    });
    this.call = this.client.bidiStream("process");
    this.call.on("status", (status: StatusObject) => {
      this.ended = status.code === 0 ? "OK" : `${status.code} ${status.details}`;
    });
    this.call.on("error", () => {}); // the status says it
    this.call.on("data", (response: ProcessResponse) => this.receive(response));
    this.write({
      kind: {
        case: "join",
        value: {
          group: options.group,
          topics: [options.inputTopic],
          workerId: options.workerId,
          maxBatchRecords: options.maxBatchRecords,
          maxInFlightBatches: options.maxInFlightBatches,
        },
      },
    });
  }

  /** Dies abruptly the moment it holds its next batch (mid-batch, as a crashing process). */
  killMidBatch(): void {
    this.killOnNextBatch = true;
  }

  kill(): void {
    this.killed = true;
    this.call.cancel();
    this.client.close();
  }

  /** Answers what it held (late, for a zombie) and goes back to answering. */
  release(): void {
    this.holding = false;
    for (const batch of [...this.held.values()]) this.answer(batch);
  }

  /** Leaves cleanly: half-close, wait (a little) for the gateway to end the stream. */
  async leave(): Promise<void> {
    if (!this.killed && this.ended === undefined) {
      this.call.end();
      for (let waited = 0; this.ended === undefined && waited < 10_000; waited += 50) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    this.kill();
  }

  private receive(response: ProcessResponse): void {
    switch (response.kind.case) {
      case "rejected":
        this.rejections.push(response.kind.value.reason);
        return;
      case "batch": {
        const batch = response.kind.value;
        if (this.killed) return;
        this.held.set(batch.batchId, batch);
        if (this.killOnNextBatch) {
          this.kill();
          return;
        }
        if (this.holding) return;
        setTimeout(() => {
          if (!this.holding) this.answer(batch);
        }, this.options.thinkMs);
        return;
      }
      default:
      // Acks: the scenario judges progress by the group's committed offsets (GroupWatch).
    }
  }

  private answer(batch: ProcessBatch): void {
    if (this.killed || !this.held.delete(batch.batchId)) return;
    const outputs = batch.records.map((record) => ({
      inputOffset: record.offset,
      record: {
        topic: this.options.outputTopic,
        value: record.value,
        ...(record.key === undefined ? {} : { key: record.key }),
      },
    }));
    this.write({ kind: { case: "result", value: { batchId: batch.batchId, outputs } } });
  }

  private write(init: MessageInitShape<typeof ProcessRequestSchema>): void {
    if (!this.killed && this.ended === undefined) this.call.write(create(ProcessRequestSchema, init));
  }
}
