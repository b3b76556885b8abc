import type { Writable } from "node:stream";
import { create } from "@bufbuild/protobuf";
import {
  type PublishStreamRequest,
  PublishStreamRequestSchema,
  type PublishStreamResponse,
} from "@onceport/api";
import { fromGrpcError, OnceportError } from "@onceport/errors";
import { type Context, context, type Span, SpanKind, trace } from "@opentelemetry/api";
import { clientClosedError } from "../errors/client-closed.ts";
import { FencedError } from "../errors/fenced-error.ts";
import { streamRefusal } from "../errors/stream-refusal.ts";
import {
  fromApiResults,
  newIdempotencyKey,
  type PublishOptions,
  type PublishRecord,
  type PublishResult,
  recordAttributes,
  toApiRecord,
} from "../records.ts";
import { recoveryFor } from "../retry/recovery.ts";
import { backoffDelay } from "../retry/retry-policy.ts";
import { gaveUp, notify, type RecoveryContext } from "../retry/with-recovery.ts";
import type { SessionGate } from "../session/session-gate.ts";
import type { OpenedSession } from "../session/session-keeper.ts";
import { recordFailure, traceMetadata, traceparentOf } from "../tracing/client-span.ts";
import type { GatewayTransport, PublishStreamCall } from "../transport/gateway-transport.ts";
import { sdkName, sdkVersion } from "../version.ts";
import { PublishWindow } from "./publish-window.ts";
import { publisherWritable } from "./publisher-writable.ts";
import type { PublishSubmitter, Submitted } from "./submitted.ts";

/** Settings of a publisher. */
export interface PublisherOptions {
  /** Most publishes sent and not yet acknowledged; `submit` waits beyond. Default 10,000. */
  readonly maxInFlight?: number;
  /** Most records sent and not yet acknowledged; `submit` waits beyond. Default 20,000 (the gateway's own default window). */
  readonly maxInFlightRecords?: number;
  /**
   * A stream that acknowledges nothing for this long while publishes wait (a
   * frozen gateway) is cut and opened again. Default 30,000 ms.
   */
  readonly ackTimeoutMs?: number;
}

export interface PublisherDependencies {
  readonly transport: GatewayTransport;
  readonly recovery: RecoveryContext;
  readonly gate: SessionGate;
  readonly clientId: string;
}

interface Entry {
  readonly idempotencyKey: string;
  readonly request: PublishStreamRequest;
  readonly records: number;
  readonly resolve: (result: PublishResult) => void;
  readonly reject: (error: OnceportError) => void;
}

interface Connection {
  readonly call: PublishStreamCall;
  readonly session: OpenedSession;
  readonly span: Span;
  acknowledged: number;
}

/**
 * The publish stream, for throughput. The gateway gathers what arrives into
 * transactions and acknowledges each publish once its transaction committed.
 *
 * Every publish keeps its idempotency key until it is acknowledged. When the
 * stream drops (a gateway restart, a lost session, a frozen gateway), the
 * publisher opens the session and the stream again and re-sends every
 * unacknowledged publish, in the same order, with the same keys: those that
 * had committed are answered as duplicates and written nothing, the rest are
 * written, so each record lands exactly once and in order per partition.
 */
export class Publisher implements PublishSubmitter {
  private readonly entries: Entry[] = [];
  private readonly window: PublishWindow;
  private readonly unsettled = new Set<Promise<PublishResult>>();
  private connection: Connection | undefined;
  private connecting = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private ackTimer: NodeJS.Timeout | undefined;
  private lastProgressAt = Date.now();
  private failures = 0;
  private failingSince = 0;
  private fatal: OnceportError | undefined;
  private closing: Promise<void> | undefined;
  private readonly ackTimeoutMs: number;
  private readonly parentContext: Context;
  private readonly deps: PublisherDependencies;
  private readonly onClosed: (publisher: Publisher) => void;

  /** @internal Made by `OnceportClient.publisher()`. */
  constructor(
    deps: PublisherDependencies,
    options: PublisherOptions,
    onClosed: (publisher: Publisher) => void,
  ) {
    this.deps = deps;
    this.onClosed = onClosed;
    this.window = new PublishWindow(options.maxInFlight ?? 10_000, options.maxInFlightRecords ?? 20_000);
    this.ackTimeoutMs = options.ackTimeoutMs ?? 30_000;
    // Streams are traced as children of whatever was active when the publisher was made.
    this.parentContext = context.active();
  }

  /** Publishes sent and not yet acknowledged. */
  get inFlight(): number {
    return this.entries.length;
  }

  /**
   * Hands a publish to the stream. Resolves once it is sent, which waits while
   * the window is full: `await` each `submit` and memory stays bounded, and
   * publishes go out in the order of the calls. The returned `acknowledged`
   * settles later. (An unobserved failed acknowledgement does not crash the
   * process: `flush()` and `close()` report it.)
   */
  async submit(records: readonly PublishRecord[], options: PublishOptions = {}): Promise<Submitted> {
    this.assertOpen();
    const idempotencyKey = options.idempotencyKey ?? newIdempotencyKey();
    // A span per publish, a child of the caller's context, until its acknowledgement. Its
    // traceparent travels with the message (re-sent alike after a reconnect: one logical publish).
    const span = trace.getTracer(sdkName, sdkVersion).startSpan("onceport publish", {
      kind: SpanKind.PRODUCER,
      attributes: { "onceport.client_id": this.deps.clientId, "onceport.idempotency_key": idempotencyKey },
    });
    if (span.isRecording()) span.setAttributes(recordAttributes(records));
    const request = create(PublishStreamRequestSchema, {
      kind: {
        case: "publish",
        value: { idempotencyKey, records: records.map(toApiRecord), traceparent: traceparentOf(span) },
      },
    });
    let resolve: (result: PublishResult) => void = () => {};
    let reject: (error: OnceportError) => void = () => {};
    const acknowledged = new Promise<PublishResult>((onResolve, onReject) => {
      resolve = onResolve;
      reject = onReject;
    });
    const forget = (): void => {
      this.unsettled.delete(acknowledged);
    };
    acknowledged.then(forget, forget);
    acknowledged.then(
      (result) => {
        span.setAttribute("onceport.duplicate", result.duplicate);
        span.end();
      },
      (error: unknown) => {
        recordFailure(span, error);
        span.end();
      },
    );
    this.unsettled.add(acknowledged);

    await this.window.reserve(records.length);
    await this.deps.gate.acquireShared();
    if (this.fatal) {
      this.giveBack(records.length);
      reject(this.fatal);
      throw this.fatal;
    }
    const entry: Entry = { idempotencyKey, request, records: records.length, resolve, reject };
    if (this.entries.length === 0) this.lastProgressAt = Date.now();
    this.entries.push(entry);
    if (this.connection) this.connection.call.write(request);
    else this.connectSoon(0);
    return { idempotencyKey, acknowledged };
  }

  /** Publishes and resolves with the acknowledgement (see `submit` for ordering and backpressure). */
  async publish(records: readonly PublishRecord[], options: PublishOptions = {}): Promise<PublishResult> {
    const { acknowledged } = await this.submit(records, options);
    return acknowledged;
  }

  /**
   * Resolves once every publish submitted so far is acknowledged; rejects with
   * the first failure among them, if any.
   */
  async flush(): Promise<void> {
    const outcomes = await Promise.allSettled([...this.unsettled]);
    const failed = outcomes.find((outcome) => outcome.status === "rejected");
    if (failed) throw failed.reason;
  }

  /** This publisher as a Node object-mode Writable (see `publisherWritable`), for `pipeline()`. */
  writable(): Writable {
    return publisherWritable(this);
  }

  /** Flushes, then ends the stream. Later submits get CLIENT_CLOSED. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      try {
        await this.flush();
      } finally {
        await this.endStream();
        this.onClosed(this);
      }
    })();
    return this.closing;
  }

  /** @internal The client was fenced: every unacknowledged publish fails, and so will later ones. */
  failAll(error: OnceportError): void {
    this.fatal ??= error;
    this.dropConnection();
    this.rejectPending(error);
  }

  private assertOpen(): void {
    if (this.fatal) throw this.fatal;
    if (this.closing !== undefined) throw clientClosedError("this publisher");
  }

  private connectSoon(delayMs: number): void {
    if (this.connection || this.connecting || this.reconnectTimer || this.fatal) return;
    if (delayMs === 0) {
      this.connect().catch((error: unknown) => this.broken(undefined, fromGrpcError(error)));
      return;
    }
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.connect().catch((error: unknown) => this.broken(undefined, fromGrpcError(error)));
    }, delayMs);
  }

  /** Opens the session (when needed) and a stream, and (re-)sends every unacknowledged publish. */
  private async connect(): Promise<void> {
    if (this.entries.length === 0) return; // nothing to send: the next submit connects
    this.connecting = true;
    let session: OpenedSession;
    try {
      session = await this.deps.recovery.keeper.acquire();
    } finally {
      this.connecting = false;
    }
    if (this.connection || this.fatal) return;
    const span = trace.getTracer(sdkName, sdkVersion).startSpan(
      "onceport.v1.GatewayService/PublishStream",
      {
        kind: SpanKind.CLIENT,
        attributes: {
          "rpc.system": "grpc",
          "rpc.service": "onceport.v1.GatewayService",
          "rpc.method": "PublishStream",
          "onceport.client_id": this.deps.clientId,
          "onceport.resent": this.entries.length,
        },
      },
      this.parentContext,
    );
    const metadata = context.with(trace.setSpan(this.parentContext, span), traceMetadata);
    const call = this.deps.transport.publishStream(metadata);
    const connection: Connection = { call, session, span, acknowledged: 0 };
    this.connection = connection;
    call.on("data", (response: PublishStreamResponse) => this.acknowledge(connection, response));
    call.on("error", (error: unknown) => this.broken(connection, fromGrpcError(error)));
    call.on("end", () =>
      this.broken(
        connection,
        new OnceportError("GATEWAY_UNAVAILABLE", "the gateway ended the publish stream"),
      ),
    );
    call.write(
      create(PublishStreamRequestSchema, { kind: { case: "open", value: { sessionId: session.id } } }),
    );
    for (const entry of this.entries) call.write(entry.request);
    this.lastProgressAt = Date.now();
    this.armAckTimer();
  }

  private acknowledge(connection: Connection, response: PublishStreamResponse): void {
    if (this.connection !== connection) return; // a replaced stream: its publishes were re-sent
    const entry = this.entries[0];
    if (entry?.idempotencyKey !== response.idempotencyKey) {
      this.broken(
        connection,
        new OnceportError(
          "INTERNAL",
          `the gateway acknowledged ${response.idempotencyKey}, the publisher expected ${entry?.idempotencyKey ?? "nothing"}`,
        ),
      );
      return;
    }
    this.entries.shift();
    connection.acknowledged++;
    this.failures = 0;
    this.lastProgressAt = Date.now();
    this.giveBack(entry.records);
    if (response.error) entry.reject(streamRefusal(response.error, entry.idempotencyKey));
    else {
      entry.resolve({
        idempotencyKey: entry.idempotencyKey,
        results: fromApiResults(response.results),
        duplicate: response.duplicate,
      });
    }
  }

  /** The stream (or the session under it) failed: decide, as for unary calls, whether and how to go on. */
  private broken(connection: Connection | undefined, error: OnceportError): void {
    if (connection) {
      if (this.connection !== connection) return;
      this.dropConnection(error);
    }
    if (this.fatal) return;
    if (error instanceof FencedError) {
      this.failAll(error);
      return;
    }
    const { keeper } = this.deps.recovery;
    let recovery = recoveryFor(error);
    if (recovery === "fenced") {
      if (connection && keeper.isCurrent(connection.session)) {
        this.failAll(keeper.markFenced(error));
        return;
      }
      recovery = "retry"; // fenced by a session this client opened since
    }
    if (recovery === "reopen" && connection) keeper.invalidate(connection.session);
    if (this.entries.length === 0) return; // nothing waits: the next submit reconnects
    if (this.failures === 0) this.failingSince = Date.now();
    this.failures++;
    const delayMs = backoffDelay(this.failures, this.deps.recovery.policy);
    const policy = this.deps.recovery.policy;
    if (
      recovery === "fail" ||
      this.failures >= policy.maxAttempts ||
      Date.now() + delayMs - this.failingSince > policy.maxElapsedMs
    ) {
      const failure =
        recovery === "fail"
          ? error
          : gaveUp(error, "PublishStream", this.failures, Date.now() - this.failingSince, undefined);
      this.failures = 0;
      this.rejectPending(failure);
      return;
    }
    notify(this.deps.recovery, {
      operation: "PublishStream",
      attempt: this.failures,
      delayMs,
      error,
      reopen: recovery === "reopen",
    });
    this.connectSoon(delayMs);
  }

  private dropConnection(error?: OnceportError): void {
    const connection = this.connection;
    if (!connection) return;
    this.connection = undefined;
    clearInterval(this.ackTimer);
    this.ackTimer = undefined;
    connection.span.setAttribute("onceport.acknowledged", connection.acknowledged);
    if (error) recordFailure(connection.span, error);
    connection.span.end();
    connection.call.cancel();
  }

  private rejectPending(error: OnceportError): void {
    for (const entry of this.entries.splice(0)) {
      this.giveBack(entry.records);
      entry.reject(error);
    }
  }

  private giveBack(records: number): void {
    this.window.release(records);
    this.deps.gate.releaseShared();
  }

  private armAckTimer(): void {
    clearInterval(this.ackTimer);
    this.ackTimer = setInterval(
      () => {
        const connection = this.connection;
        if (!connection || this.entries.length === 0) return;
        const silentMs = Date.now() - this.lastProgressAt;
        if (silentMs < this.ackTimeoutMs) return;
        this.broken(
          connection,
          new OnceportError(
            "GATEWAY_UNAVAILABLE",
            `no acknowledgement on the publish stream for ${silentMs} ms`,
          ),
        );
      },
      Math.max(50, Math.min(1_000, this.ackTimeoutMs / 4)),
    );
    this.ackTimer.unref();
  }

  /** Half-closes the stream and waits (briefly) for the gateway to end it. */
  private async endStream(): Promise<void> {
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    const connection = this.connection;
    if (!connection) return;
    // From here on the end of the stream is expected, not a failure.
    this.connection = undefined;
    clearInterval(this.ackTimer);
    let timer: NodeJS.Timeout | undefined;
    const ended = new Promise<void>((resolve) => {
      connection.call.once("end", resolve);
      connection.call.once("error", () => resolve());
      timer = setTimeout(resolve, 5_000);
    });
    connection.call.end();
    await ended;
    clearTimeout(timer);
    connection.span.setAttribute("onceport.acknowledged", connection.acknowledged);
    connection.span.end();
    connection.call.cancel();
  }
}
