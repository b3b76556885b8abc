import { OnceportError } from "@onceport/errors";
import { type Span, SpanStatusCode } from "@opentelemetry/api";
import { ATTR_ERROR_TYPE, ATTR_RPC_GRPC_STATUS_CODE } from "./semconv.ts";

/**
 * Marks a span failed with the error as the caller sees it (its reason and
 * gRPC code). Never throws: telemetry never breaks the work.
 */
export function markFailed(span: Span | undefined, error: unknown): void {
  if (!span?.isRecording()) return;
  try {
    const failure = OnceportError.from(error);
    span.setAttributes({ [ATTR_ERROR_TYPE]: failure.reason, [ATTR_RPC_GRPC_STATUS_CODE]: failure.code });
    span.setStatus({ code: SpanStatusCode.ERROR, message: failure.message });
  } catch {
    // nothing to do
  }
}

/** The reason and gRPC code an error reaches the caller with, for metrics. */
export function failureOf(error: unknown): { readonly reason: string; readonly code: number } {
  try {
    const { reason, code } = OnceportError.from(error);
    return { reason, code };
  } catch {
    return { reason: "INTERNAL", code: 13 };
  }
}

/** Ends a span, never throwing. */
export function endSpan(span: Span | undefined): void {
  try {
    span?.end();
  } catch {
    // nothing to do
  }
}

/** `make()`, or undefined when it throws: telemetry never breaks the work it observes. */
export function safely<T>(make: () => T): T | undefined {
  try {
    return make();
  } catch {
    return undefined;
  }
}
