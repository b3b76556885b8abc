import { SpanKind } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace";

export const sdkScope = "@onceport/sdk";
export const gatewayScope = "@onceport/gateway";

/** Finished spans, and the questions a test asks about their structure. */
export class SpanTree {
  readonly spans: readonly ReadableSpan[];

  constructor(spans: readonly ReadableSpan[]) {
    this.spans = spans;
  }

  /** Every span with this name (and scope, kind, attributes, when given). */
  all(
    name: string,
    filter: { scope?: string; kind?: SpanKind; attributes?: Record<string, unknown>; traceId?: string } = {},
  ): ReadableSpan[] {
    return this.spans.filter(
      (span) =>
        span.name === name &&
        (filter.scope === undefined || span.instrumentationScope.name === filter.scope) &&
        (filter.kind === undefined || span.kind === filter.kind) &&
        (filter.traceId === undefined || span.spanContext().traceId === filter.traceId) &&
        Object.entries(filter.attributes ?? {}).every(([key, value]) => span.attributes[key] === value),
    );
  }

  /** The one span matching; fails with what there is otherwise. */
  one(name: string, filter: Parameters<SpanTree["all"]>[1] = {}): ReadableSpan {
    const found = this.all(name, filter);
    if (found.length !== 1) {
      throw new Error(
        `${found.length} spans "${name}" ${JSON.stringify(filter)}; spans: ${this.spans.map(describe).join(", ")}`,
      );
    }
    return found[0] as ReadableSpan;
  }

  /** The spans whose parent is `span`. */
  childrenOf(span: ReadableSpan): ReadableSpan[] {
    const { spanId } = span.spanContext();
    return this.spans.filter((child) => child.parentSpanContext?.spanId === spanId);
  }
}

/** The span id of a span's parent, or undefined for a root. */
export function parentId(span: ReadableSpan): string | undefined {
  return span.parentSpanContext?.spanId;
}

export function idOf(span: { spanContext(): { spanId: string } }): string {
  return span.spanContext().spanId;
}

export function traceIdOf(span: { spanContext(): { traceId: string } }): string {
  return span.spanContext().traceId;
}

/** The W3C traceparent a span's context gives (sampled). */
export function traceparentOfSpan(span: { spanContext(): { traceId: string; spanId: string } }): string {
  const { traceId, spanId } = span.spanContext();
  return `00-${traceId}-${spanId}-01`;
}

function describe(span: ReadableSpan): string {
  return `${span.name} [${SpanKind[span.kind]}, ${span.instrumentationScope.name}]`;
}
