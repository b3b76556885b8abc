import { create, type MessageInitShape } from "@bufbuild/protobuf";
import type { StatusObject } from "@grpc/grpc-js";
import { ProcessRequestSchema, type ProcessResponse } from "@onceport/api";
import type { OnceportError } from "@onceport/errors";
import { fromApiRecord } from "../consumer/consumed-record.ts";
import { endingOf } from "../consumer/stream-ending.ts";
import { fromApiResults } from "../records.ts";
import { traceMetadata } from "../tracing/client-span.ts";
import type { ConsumerTransport, ProcessCall } from "../transport/consumer-transport.ts";
import { toApiOutputs } from "./process-outputs.ts";
import type { ProcessBatch, ProcessHandler, WorkerEvent } from "./process-types.ts";

/** The join, with the SDK's defaults applied. */
export interface WorkerJoin {
  readonly group: string;
  readonly topics: readonly string[];
  readonly workerId: string;
  readonly maxBatchRecords: number;
  readonly maxInFlightBatches: number;
  readonly startAtLatest: boolean;
}

/** How one stream ended. */
export interface StreamOutcome {
  /** The gateway accepted the join (so the next reconnect starts a fresh backoff). */
  readonly joined: boolean;
  /** The stream's final status; undefined for OK. */
  readonly ending: OnceportError | undefined;
  /** Set when the handler threw (or returned bad outputs): the worker stops. */
  readonly handlerFailure: { readonly error: unknown } | undefined;
}

/** A batch this worker took, until the gateway acked or rejected it (or the stream ended). */
interface TakenBatch {
  readonly controller: AbortController;
  readonly topic: string;
  readonly partition: number;
  readonly records: number;
}

type RequestInit = MessageInitShape<typeof ProcessRequestSchema>;

/** A leave waits this long at least for its batches' acks before it cuts the stream. */
const minLeaveWaitMs = 30_000;

/**
 * One Process stream: joins, hands each batch to the handler, answers with its
 * outputs, and leaves cleanly when asked: it stops taking batches, waits until
 * every batch it took is acked or rejected, then half-closes and waits for the
 * gateway to end the stream (batches it did not take are revoked and delivered
 * again). Nothing is written after the half-close.
 */
export class WorkerStream {
  /** Resolves once the stream ended and every handler it started has returned. */
  readonly finished: Promise<StreamOutcome>;
  private readonly call: ProcessCall;
  private readonly taken = new Map<string, TakenBatch>();
  private readonly running = new Set<Promise<void>>();
  private readonly changed = new Set<() => void>();
  private readonly status: Promise<OnceportError | undefined>;
  private joined = false;
  private leaseMs = 0;
  private taking = true;
  private halfClosed = false;
  private ended = false;
  private leaving: Promise<void> | undefined;
  private handlerFailure: { readonly error: unknown } | undefined;

  private readonly handler: ProcessHandler;
  private readonly emit: (event: WorkerEvent) => void;

  constructor(
    transport: ConsumerTransport,
    join: WorkerJoin,
    handler: ProcessHandler,
    emit: (event: WorkerEvent) => void,
  ) {
    this.handler = handler;
    this.emit = emit;
    this.call = transport.processStream(traceMetadata());
    this.status = new Promise((resolve) => {
      this.call.on("status", (final: StatusObject) => {
        this.ended = true;
        // Whatever is still open can no longer be committed: it is delivered again.
        for (const batch of this.taken.values()) batch.controller.abort();
        this.taken.clear();
        this.notify();
        resolve(endingOf(final));
      });
    });
    this.call.on("error", () => {}); // the status says it all
    this.call.on("data", (response: ProcessResponse) => this.receive(response));
    this.finished = this.status.then(async (ending) => {
      // A handler still running for a batch of this stream must not overlap the next stream's.
      await Promise.allSettled([...this.running]);
      return { joined: this.joined, ending, handlerFailure: this.handlerFailure };
    });
    this.write({ kind: { case: "join", value: { ...join, topics: [...join.topics] } } });
  }

  /** Leaves cleanly (see the class); resolves once the stream ended. */
  leave(): Promise<void> {
    this.leaving ??= (async () => {
      this.taking = false;
      const waitMs = Math.max(this.leaseMs, minLeaveWaitMs);
      const deadline = Date.now() + waitMs;
      while (!this.ended && this.taken.size > 0 && Date.now() < deadline) {
        await this.nextChange(deadline - Date.now());
      }
      if (this.ended) return;
      if (this.taken.size > 0) {
        // The gateway answers every result; one that does not within a lease is stuck. Its
        // uncommitted batches are delivered again, so cutting the stream is safe.
        this.call.cancel();
      } else {
        this.halfClosed = true;
        this.call.end();
      }
      await this.status;
    })();
    return this.leaving;
  }

  private receive(response: ProcessResponse): void {
    switch (response.kind.case) {
      case "joined": {
        const joined = response.kind.value;
        this.joined = true;
        this.leaseMs = Number(joined.leaseMs);
        this.emit({
          type: "joined",
          leaseMs: this.leaseMs,
          maxBatchRecords: joined.maxBatchRecords,
          maxInFlightBatches: joined.maxInFlightBatches,
        });
        return;
      }
      case "assignment": {
        const { memberId, partitions } = response.kind.value;
        this.emit({
          type: "assigned",
          memberId,
          partitions: partitions.map((entry) => ({ topic: entry.topic, partitions: [...entry.partitions] })),
        });
        return;
      }
      case "batch": {
        const { batchId, topic, partition, records } = response.kind.value;
        // Not taken: the gateway revokes it at the half-close and delivers it again.
        if (!this.taking || this.ended) return;
        const controller = new AbortController();
        this.taken.set(batchId, { controller, topic, partition, records: records.length });
        const batch: ProcessBatch = {
          batchId,
          topic,
          partition,
          records: records.map(fromApiRecord),
          signal: controller.signal,
        };
        const run = this.handle(batch);
        this.running.add(run);
        const forget = (): void => {
          this.running.delete(run);
        };
        run.then(forget, forget);
        return;
      }
      case "ack": {
        const { batchId, results, nextOffset } = response.kind.value;
        const batch = this.taken.get(batchId);
        this.settle(batchId);
        this.emit({
          type: "acked",
          batchId,
          topic: batch?.topic ?? "",
          partition: batch?.partition ?? -1,
          records: batch?.records ?? 0,
          results: fromApiResults(results),
          nextOffset: nextOffset.toString(),
        });
        return;
      }
      case "rejected": {
        const { batchId, reason, message } = response.kind.value;
        this.settle(batchId);
        this.emit({ type: "rejected", batchId, reason, message });
        return;
      }
      default:
    }
  }

  /** Runs the handler on one batch and answers it, unless the stream ended or half-closed meanwhile. */
  private async handle(batch: ProcessBatch): Promise<void> {
    let answer: RequestInit;
    try {
      const outputs = toApiOutputs(await this.handler(batch), batch);
      answer = { kind: { case: "result", value: { batchId: batch.batchId, outputs } } };
    } catch (error) {
      // After the stream ended, a handler that gave up (the signal) is no failure.
      if (batch.signal.aborted) return;
      this.handlerFailure ??= { error };
      this.settle(batch.batchId);
      // Other batches may still commit; this one is revoked at the half-close and delivered again.
      this.leave().catch(() => {});
      return;
    }
    if (batch.signal.aborted) return;
    this.write(answer);
  }

  private settle(batchId: string): void {
    if (this.taken.delete(batchId)) this.notify();
  }

  private write(request: RequestInit): void {
    if (this.ended || this.halfClosed) return;
    this.call.write(create(ProcessRequestSchema, request));
  }

  private notify(): void {
    for (const wake of [...this.changed]) wake();
  }

  /** Waits until a batch settles, the stream ends, or `ms` passed. */
  private nextChange(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.changed.delete(done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(ms, 0));
      this.changed.add(done);
    });
  }
}
