import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { type ClientDuplexStream, Metadata, type StatusObject } from "@grpc/grpc-js";
import {
  type ConsumedRecord,
  type ProcessAck,
  type ProcessAssignment,
  type ProcessBatch,
  type ProcessJoined,
  type ProcessOutputSchema,
  type ProcessRejected,
  type ProcessRequest,
  ProcessRequestSchema,
  type ProcessResponse,
  ProcessService,
  type RecordSchema,
  ServiceClient,
} from "@onceport/api";
import { fromGrpcError, type OnceportError } from "@onceport/errors";

export type OutputRecord = MessageInitShape<typeof RecordSchema>;
type OutputInit = MessageInitShape<typeof ProcessOutputSchema>;

/** What the worker does with a batch it receives. */
export type BatchDecision = "answer" | "hold" | "kill";

export interface WorkerOptions {
  readonly group: string;
  readonly topics: readonly string[];
  readonly workerId: string;
  readonly maxBatchRecords?: number;
  readonly maxInFlightBatches?: number;
  /** The outputs of one input record (none, one or several). */
  readonly transform: (record: ConsumedRecord) => OutputRecord[];
  /** Decides per batch; answers every batch by default. */
  readonly decide?: (batch: ProcessBatch, worker: RawWorker) => BatchDecision;
  /** Thinks this long before answering (a worker doing real work). */
  readonly answerDelayMs?: number;
}

/**
 * A Process worker speaking the raw protocol (the SDK comes later), on a
 * connection of its own, so that killing it is what the gateway sees when a
 * worker process dies: its stream is cancelled mid-batch.
 */
export class RawWorker {
  readonly batches: ProcessBatch[] = [];
  readonly acks: ProcessAck[] = [];
  readonly rejections: ProcessRejected[] = [];
  readonly assignments: ProcessAssignment[] = [];
  /** Batches received and not answered (held, or not answered before a kill). */
  readonly held = new Map<string, ProcessBatch>();
  joined: ProcessJoined | undefined;
  /** Records of the batches this worker had acknowledged. */
  committedRecords = 0;
  /** Resolves when the stream ended: undefined for OK, else the error it ended with. */
  readonly ended: Promise<OnceportError | undefined>;
  killed = false;
  /** After a half-close nothing more may be written (answers still thinking are dropped). */
  private halfClosed = false;

  private readonly client: ServiceClient<typeof ProcessService>;
  private readonly call: ClientDuplexStream<ProcessRequest, ProcessResponse>;
  private readonly options: WorkerOptions;

  constructor(address: string, options: WorkerOptions) {
    this.options = options;
    // Its own connection: a killed worker takes only its own stream down.
    this.client = new ServiceClient(ProcessService, address, {
      channelOptions: { "grpc.use_local_subchannel_pool": 1 },
    });
    this.call = this.client.bidiStream("process");
    this.ended = new Promise((resolve) => {
      this.call.on("status", (status: StatusObject) => {
        resolve(status.code === 0 ? undefined : fromGrpcError(asServiceError(status)));
      });
    });
    this.call.on("error", () => {}); // the status above says it all
    this.call.on("data", (response: ProcessResponse) => this.receive(response));
    this.write({
      kind: {
        case: "join",
        value: {
          group: options.group,
          topics: [...options.topics],
          workerId: options.workerId,
          maxBatchRecords: options.maxBatchRecords ?? 0,
          maxInFlightBatches: options.maxInFlightBatches ?? 1,
        },
      },
    });
  }

  get id(): string {
    return this.options.workerId;
  }

  /** Answers a batch with the transform's outputs. */
  answer(batch: ProcessBatch): void {
    if (this.killed) return;
    this.held.delete(batch.batchId);
    const outputs: OutputInit[] = batch.records.flatMap((record) =>
      this.options.transform(record).map((output) => ({ inputOffset: record.offset, record: output })),
    );
    this.write({ kind: { case: "result", value: { batchId: batch.batchId, outputs } } });
  }

  /** Answers every held batch now. */
  answerHeld(): string[] {
    const ids = [...this.held.keys()];
    for (const batch of [...this.held.values()]) this.answer(batch);
    return ids;
  }

  /** Dies abruptly: the stream is cancelled and the connection closed, whatever is open. */
  kill(): void {
    this.killed = true;
    this.call.cancel();
    this.client.close();
  }

  /** Leaves cleanly: half-closes and waits for the gateway to end the stream. */
  async leave(): Promise<OnceportError | undefined> {
    this.halfClosed = true;
    this.call.end();
    const ending = await this.ended;
    this.client.close();
    return ending;
  }

  /** Polls until `predicate` holds. */
  async waitUntil(predicate: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) {
        throw new Error(`worker ${this.id}: timed out waiting until ${what} (${this.describe()})`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Its state, for failure messages. */
  describe(): string {
    const partitions = this.assignments.map((a) =>
      a.partitions.flatMap((entry) => entry.partitions).join(","),
    );
    const rejected = this.rejections.map((r) => r.reason).join(",");
    return `committed ${this.committedRecords} records in ${this.acks.length} of ${this.batches.length} batches, held ${this.held.size}, rejected [${rejected}], assignments [${partitions.join(" | ")}]`;
  }

  private receive(response: ProcessResponse): void {
    switch (response.kind.case) {
      case "joined":
        this.joined = response.kind.value;
        return;
      case "assignment":
        this.assignments.push(response.kind.value);
        return;
      case "ack": {
        const ack = response.kind.value;
        this.acks.push(ack);
        this.committedRecords +=
          this.batches.find((batch) => batch.batchId === ack.batchId)?.records.length ?? 0;
        return;
      }
      case "rejected":
        this.rejections.push(response.kind.value);
        return;
      case "batch": {
        const batch = response.kind.value;
        this.batches.push(batch);
        if (this.killed) return;
        const decision = this.options.decide?.(batch, this) ?? "answer";
        this.held.set(batch.batchId, batch);
        if (decision === "kill") this.kill();
        if (decision !== "answer") return;
        if (this.options.answerDelayMs) setTimeout(() => this.answer(batch), this.options.answerDelayMs);
        else this.answer(batch);
        return;
      }
      default:
    }
  }

  private write(init: MessageInitShape<typeof ProcessRequestSchema>): void {
    if (!this.killed && !this.halfClosed) this.call.write(create(ProcessRequestSchema, init));
  }
}

function asServiceError(status: StatusObject): Error & StatusObject {
  return Object.assign(new Error(status.details), { ...status, metadata: status.metadata ?? new Metadata() });
}
