import { extractFromMetadata, type MetadataLike } from "@onceport/tracing";
import { type Attributes, context, ROOT_CONTEXT, type Span, SpanKind, trace } from "@opentelemetry/api";
import { gatewayMetrics, secondsSince } from "./gateway-metrics.ts";
import { activeTracer } from "./gateway-tracer.ts";
import {
  ATTR_CLIENT_ID,
  ATTR_DUPLICATE,
  ATTR_IDEMPOTENCY_KEY,
  ATTR_MESSAGING_BATCH_MESSAGE_COUNT,
  ATTR_RPC_METHOD,
  ATTR_RPC_SERVICE,
  ATTR_RPC_SYSTEM,
  ATTR_SESSION_ID,
  ATTR_TRANSACTION_ID,
} from "./semconv.ts";
import { endSpan, failureOf, markFailed, safely } from "./span-status.ts";

/** What the trace of a unary call needs of grpc-js's call. */
export interface TracedCall {
  readonly metadata: MetadataLike;
  getPath(): string;
}

/**
 * The SERVER span of one unary call, a child of the trace context the caller
 * sent in its metadata (W3C `traceparent`), and the call's metrics. What the
 * handler does runs in the span's context, so the session's transaction span
 * and the records' producer spans are its children. (Every call's duration and
 * status are measured by rpc-metrics.ts, streams too.)
 */
export class ServerCallTrace {
  private readonly startedAt = performance.now();
  private readonly span: Span | undefined;
  private readonly parent: ReturnType<typeof context.active>;
  private readonly service: string;
  private readonly method: string;

  constructor(call: TracedCall) {
    // "/onceport.v1.GatewayService/Publish"
    const path = call.getPath();
    const slash = path.lastIndexOf("/");
    this.service = path.slice(1, slash);
    this.method = path.slice(slash + 1);
    const tracer = activeTracer();
    this.parent =
      (tracer && safely(() => extractFromMetadata(call.metadata, ROOT_CONTEXT))) ?? context.active();
    this.span = !tracer
      ? undefined
      : safely(() =>
          tracer.startSpan(
            `${this.service}/${this.method}`,
            {
              kind: SpanKind.SERVER,
              attributes: {
                [ATTR_RPC_SYSTEM]: "grpc",
                [ATTR_RPC_SERVICE]: this.service,
                [ATTR_RPC_METHOD]: this.method,
              },
            },
            this.parent,
          ),
        );
  }

  /** Runs the handler in the span's context; records its outcome on the span and in the metrics. */
  async run<T>(request: object, handle: () => Promise<T>): Promise<T> {
    if (this.span?.isRecording()) this.span.setAttributes(requestAttributes(request));
    let result: T;
    try {
      result = this.span ? await context.with(trace.setSpan(this.parent, this.span), handle) : await handle();
    } catch (error) {
      this.failed(error);
      throw error;
    }
    this.succeeded(result);
    return result;
  }

  /** The call failed before its handler ran (a malformed request). */
  failed(error: unknown): void {
    markFailed(this.span, error);
    endSpan(this.span);
    const seconds = secondsSince(this.startedAt);
    const { reason } = failureOf(error);
    if (this.method === "Publish") gatewayMetrics.publish("unary", "error", seconds, reason);
  }

  private succeeded(response: unknown): void {
    const { duplicate, alreadyCommitted } = (response ?? {}) as {
      duplicate?: unknown;
      alreadyCommitted?: unknown;
    };
    const repeated = duplicate === true || alreadyCommitted === true;
    if (this.span?.isRecording() && (duplicate !== undefined || alreadyCommitted !== undefined)) {
      this.span.setAttribute(ATTR_DUPLICATE, repeated);
    }
    endSpan(this.span);
    const seconds = secondsSince(this.startedAt);
    if (this.method === "Publish") {
      gatewayMetrics.publish("unary", repeated ? "duplicate" : "written", seconds);
    } else if (this.method === "BeginTransaction" && repeated) {
      gatewayMetrics.duplicateTransaction();
    }
  }
}

/** Starts the trace of a unary call (see ServerCallTrace). */
export function traceServerCall(call: TracedCall): ServerCallTrace {
  return new ServerCallTrace(call);
}

/**
 * The attributes every GatewayService request may carry: the idempotency key
 * above all, which ties every attempt of a publish together as one logical
 * publish, also across sessions and gateways.
 */
function requestAttributes(request: object): Attributes {
  const { idempotencyKey, sessionId, transactionId, clientId, records } = request as {
    idempotencyKey?: unknown;
    sessionId?: unknown;
    transactionId?: unknown;
    clientId?: unknown;
    records?: unknown;
  };
  const attributes: Attributes = {};
  if (typeof idempotencyKey === "string" && idempotencyKey !== "")
    attributes[ATTR_IDEMPOTENCY_KEY] = idempotencyKey;
  if (typeof sessionId === "string" && sessionId !== "") attributes[ATTR_SESSION_ID] = sessionId;
  if (typeof transactionId === "string" && transactionId !== "")
    attributes[ATTR_TRANSACTION_ID] = transactionId;
  if (typeof clientId === "string" && clientId !== "") attributes[ATTR_CLIENT_ID] = clientId;
  if (Array.isArray(records)) attributes[ATTR_MESSAGING_BATCH_MESSAGE_COUNT] = records.length;
  return attributes;
}
