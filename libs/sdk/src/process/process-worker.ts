import { setTimeout as sleep } from "node:timers/promises";
import { OnceportError } from "@onceport/errors";
import { mayReopen } from "../consumer/stream-ending.ts";
import { backoffDelay, type RetryPolicy } from "../retry/retry-policy.ts";
import { gaveUp } from "../retry/with-recovery.ts";
import type { ConsumerTransport } from "../transport/consumer-transport.ts";
import type { ProcessHandler, ProcessOptions, WorkerEvent } from "./process-types.ts";
import { type WorkerJoin, WorkerStream } from "./worker-stream.ts";

/**
 * A running worker, made by `client.process()`: it joins the group, hands each
 * batch to the handler and answers with the outputs, which the gateway commits
 * with the input offsets in one Kafka transaction. When the stream ends with a
 * retriable status (the gateway restarted or stops, a lease ran out, Kafka was
 * unreachable) it joins again, with backoff; what was not committed is
 * delivered again, so every input's outputs are written exactly once.
 */
export class ProcessWorker {
  readonly group: string;
  readonly workerId: string;
  /**
   * Resolves once the worker stopped (`stop()`); rejects with what ended it
   * otherwise: the handler's error, an ending that is not retriable
   * (`TOPIC_NOT_FOUND`, `PERMISSION_DENIED`, a refused output...), or
   * reconnects that ran out (the client's retry policy, counted from the last
   * successful join). Await it (or `stop()`): the SDK does not let its failure
   * go unhandled.
   */
  readonly done: Promise<void>;
  private stopping = false;
  private current: WorkerStream | undefined;
  private readonly wake = new AbortController();

  private readonly transport: ConsumerTransport;
  private readonly policy: RetryPolicy;
  private readonly join: WorkerJoin;
  private readonly handler: ProcessHandler;
  private readonly onEvent: ((event: WorkerEvent) => void) | undefined;

  /** @internal Use `client.process()`. */
  constructor(
    transport: ConsumerTransport,
    policy: RetryPolicy,
    options: ProcessOptions & { readonly workerId: string },
    handler: ProcessHandler,
  ) {
    this.transport = transport;
    this.policy = policy;
    this.handler = handler;
    this.onEvent = options.onEvent;
    this.group = options.group;
    this.workerId = options.workerId;
    this.join = {
      group: options.group,
      topics: options.topics,
      workerId: options.workerId,
      maxBatchRecords: options.maxBatchRecords ?? 0,
      maxInFlightBatches: options.maxInFlightBatches ?? 1,
      startAtLatest: options.startAtLatest ?? false,
    };
    this.done = this.run();
    this.done.catch(() => {});
  }

  /**
   * Leaves the group cleanly: takes no more batches, waits until the batches
   * being handled are committed (or rejected), then ends the stream. Batches
   * not taken go to the group's other workers. Resolves with `done`.
   */
  stop(): Promise<void> {
    if (!this.stopping) {
      this.stopping = true;
      this.wake.abort();
      this.current?.leave().catch(() => {});
    }
    return this.done;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  private async run(): Promise<void> {
    let attempt = 0;
    let since = Date.now();
    while (!this.stopping) {
      const stream = new WorkerStream(this.transport, this.join, this.handler, (event) => this.emit(event));
      this.current = stream;
      const { joined, ending, handlerFailure } = await stream.finished;
      this.current = undefined;
      if (handlerFailure) throw handlerFailure.error;
      if (ending && !mayReopen(ending)) throw ending;
      if (this.stopping) return;
      // OK is only the answer to a half-close; anything else ending the stream is a drop.
      const drop =
        ending ?? new OnceportError("GATEWAY_UNAVAILABLE", "the gateway ended the worker's stream");
      if (joined) {
        attempt = 0;
        since = Date.now();
      }
      attempt++;
      const delayMs = backoffDelay(attempt, this.policy);
      if (attempt >= this.policy.maxAttempts || Date.now() + delayMs - since > this.policy.maxElapsedMs) {
        throw gaveUp(drop, "Process", attempt, Date.now() - since, undefined);
      }
      this.emit({ type: "reconnecting", error: drop, attempt, delayMs });
      await sleep(delayMs, undefined, { signal: this.wake.signal }).catch(() => {});
    }
  }

  private emit(event: WorkerEvent): void {
    try {
      this.onEvent?.(event);
    } catch {
      // An observer's failure is not the worker's.
    }
  }
}
