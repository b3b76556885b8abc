import { Metadata } from "@grpc/grpc-js";
import { OnceportError } from "@onceport/errors";
import {
  type Attributes,
  context,
  propagation,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from "@opentelemetry/api";
import { sdkName, sdkVersion } from "../version.ts";

/** The gRPC service every span names, as the RPC semantic conventions want. */
const service = "onceport.v1.GatewayService";

/**
 * Runs `work` in a span, made with the OpenTelemetry API only: without an SDK
 * registered by the application, every call here is a no-op. Telemetry never
 * breaks the work: only the work's own outcome is returned or thrown.
 */
export async function inSpan<T>(
  name: string,
  kind: SpanKind,
  attributes: Attributes,
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const span = trace.getTracer(sdkName, sdkVersion).startSpan(name, { kind, attributes });
  try {
    const result = await context.with(trace.setSpan(context.active(), span), () => work(span));
    span.setStatus({ code: SpanStatusCode.OK });
    return result;
  } catch (error) {
    recordFailure(span, error);
    throw error;
  } finally {
    span.end();
  }
}

/** A CLIENT span for one gRPC method of the gateway (`Publish`, `OpenSession`...). */
export function inRpcSpan<T>(
  method: string,
  attributes: Attributes,
  work: (span: Span) => Promise<T>,
): Promise<T> {
  return inSpan(
    `${service}/${method}`,
    SpanKind.CLIENT,
    { "rpc.system": "grpc", "rpc.service": service, "rpc.method": method, ...attributes },
    work,
  );
}

/** gRPC metadata carrying the active context (W3C `traceparent` with the usual propagator). */
export function traceMetadata(): Metadata {
  const metadata = new Metadata();
  try {
    propagation.inject(context.active(), metadata, {
      set: (carrier, key, value) => carrier.set(key, value),
    });
  } catch {
    // A broken propagator must not fail the call.
  }
  return metadata;
}

/**
 * The W3C traceparent of `span` (a child of the active context), for a
 * per-message carrier: a stream's gRPC metadata travels once, but each
 * message may belong to a trace of its own. Empty without a propagator.
 */
export function traceparentOf(span: Span): string {
  const carrier: Record<string, string> = {};
  try {
    propagation.inject(trace.setSpan(context.active(), span), carrier);
  } catch {
    // A broken propagator must not fail the publish.
  }
  return carrier.traceparent ?? "";
}

/** Marks a span failed with the error's reason and gRPC code. */
export function recordFailure(span: Span, error: unknown): void {
  try {
    if (error instanceof OnceportError) {
      span.setAttributes({ "error.type": error.reason, "rpc.grpc.status_code": error.code });
    }
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({
      code: SpanStatusCode.ERROR,
      message: error instanceof Error ? error.message : String(error),
    });
  } catch {
    // Telemetry never breaks the work.
  }
}
