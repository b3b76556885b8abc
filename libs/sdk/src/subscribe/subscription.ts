import { setTimeout as sleep } from "node:timers/promises";
import type { SubscribeResponse } from "@onceport/api";
import { fromGrpcError, OnceportError } from "@onceport/errors";
import { type ConsumedRecord, fromApiRecord } from "../consumer/consumed-record.ts";
import { mayReopen } from "../consumer/stream-ending.ts";
import { backoffDelay, type RetryPolicy } from "../retry/retry-policy.ts";
import { gaveUp } from "../retry/with-recovery.ts";
import { traceMetadata } from "../tracing/client-span.ts";
import type { ConsumerTransport, SubscribeCall } from "../transport/consumer-transport.ts";

/** What to read, and from where. */
export interface SubscribeOptions {
  /** The topics (at least one; they must exist). */
  readonly topics: readonly string[];
  /**
   * A `position` from an earlier batch of a subscription to the same topics:
   * reading resumes right after that batch. Default: from the start.
   */
  readonly position?: string;
  /**
   * Partitions without a position start at their latest offset (only records
   * committed from now on) instead of their earliest. The gateway answers with
   * that position before any record: from then on `position` holds it, and a
   * reconnect resumes there, so nothing committed after the start is missed.
   */
  readonly startAtLatest?: boolean;
  /** Told before each reconnect: for logs and metrics. */
  readonly onReconnect?: (event: { error: OnceportError; attempt: number; delayMs: number }) => void;
}

/** Committed records of one partition, in offset order, and where to resume after them. */
export interface SubscribeBatch {
  readonly records: readonly ConsumedRecord[];
  /**
   * An opaque token: the position after these records, in every partition of
   * the subscription. Keep the last one you finished with and pass it as
   * `position` to resume there, in this process or another.
   */
  readonly position: string;
}

/** A stream that stayed open this long was a working one: the next drop starts a fresh backoff. */
const healthyAfterMs = 5_000;

/**
 * A `read_committed` reading of some topics, made by `client.subscribe()`: an
 * async iterable of batches, each with a position token. Nothing of an aborted
 * or open transaction is delivered. When the stream drops with a retriable
 * status (gateway restart or stop, Kafka unreachable) it reopens from the
 * position of the last batch handed out, with backoff: at least once, no gap.
 * Iterate it once; `break` or `close()` ends it.
 */
export class Subscription implements AsyncIterable<SubscribeBatch> {
  private lastPosition: string | undefined;
  private closed = false;
  private iterated = false;
  private call: SubscribeCall | undefined;
  private readonly wake = new AbortController();

  private readonly transport: ConsumerTransport;
  private readonly policy: RetryPolicy;
  private readonly options: SubscribeOptions;

  private readonly onEnd: () => void;

  /** @internal Use `client.subscribe()`. */
  constructor(
    transport: ConsumerTransport,
    policy: RetryPolicy,
    options: SubscribeOptions,
    onEnd: () => void = () => {},
  ) {
    this.transport = transport;
    this.policy = policy;
    this.options = options;
    this.onEnd = onEnd;
    this.lastPosition = options.position === "" ? undefined : options.position;
  }

  /**
   * The position after the last batch handed out, or the one it started from: the
   * `position` option, or, with `startAtLatest`, the latest offsets the gateway placed
   * it at (known shortly after the subscription opens, before any batch).
   */
  get position(): string | undefined {
    return this.lastPosition;
  }

  /** Ends the subscription: the iteration finishes after the batch in hand. */
  close(): Promise<void> {
    this.closed = true;
    this.wake.abort();
    this.call?.cancel();
    if (!this.iterated) this.onEnd();
    return Promise.resolve();
  }

  [Symbol.asyncIterator](): AsyncIterator<SubscribeBatch> {
    if (this.iterated) throw new Error("a subscription is iterated once; subscribe again to read again");
    this.iterated = true;
    return this.batches();
  }

  private async *batches(): AsyncGenerator<SubscribeBatch, void, undefined> {
    let attempt = 0;
    let since = Date.now();
    try {
      while (!this.closed) {
        const opened = Date.now();
        const call = this.transport.subscribeStream(
          {
            topics: [...this.options.topics],
            position: this.lastPosition ?? "",
            startAtLatest: this.options.startAtLatest ?? false,
          },
          traceMetadata(),
        );
        this.call = call;
        let drop: OnceportError;
        try {
          for await (const response of call as AsyncIterable<SubscribeResponse>) {
            attempt = 0;
            since = Date.now();
            // Handed out: once the reader asks for the next batch, it is done with this one.
            this.lastPosition = response.position;
            // A position without records (where a start at the latest offsets began): kept
            // for a resume, nothing to hand out.
            if (response.records.length === 0) continue;
            yield { records: response.records.map(fromApiRecord), position: response.position };
            if (this.closed) return;
          }
          // A subscription has no end of its own: an OK end is the gateway letting go.
          drop = new OnceportError("GATEWAY_UNAVAILABLE", "the gateway ended the subscription");
        } catch (error) {
          if (this.closed) return;
          drop = fromGrpcError(error);
          if (!mayReopen(drop)) throw drop;
        } finally {
          call.cancel();
        }
        if (Date.now() - opened >= healthyAfterMs) {
          attempt = 0;
          since = Date.now();
        }
        attempt++;
        const delayMs = backoffDelay(attempt, this.policy);
        if (attempt >= this.policy.maxAttempts || Date.now() + delayMs - since > this.policy.maxElapsedMs) {
          throw gaveUp(drop, "Subscribe", attempt, Date.now() - since, undefined);
        }
        try {
          this.options.onReconnect?.({ error: drop, attempt, delayMs });
        } catch {
          // An observer's failure is not the subscription's.
        }
        await sleep(delayMs, undefined, { signal: this.wake.signal }).catch(() => {});
      }
    } finally {
      this.closed = true;
      this.call = undefined;
      this.onEnd();
    }
  }
}
