import { queryUrl } from "./paths.ts";

/** One span as Jaeger's API v3 returns it (OTLP JSON). */
export interface JaegerSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  readonly kind?: number | string;
  /** Nanoseconds since the epoch, as a decimal string (64-bit). */
  readonly startTimeUnixNano?: string;
  readonly endTimeUnixNano?: string;
  readonly attributes?: readonly { key: string; value: Record<string, unknown> }[];
  readonly links?: readonly { traceId: string; spanId: string }[];
  readonly status?: { readonly code?: number | string; readonly message?: string };
}

/** A span with the service that reported it. */
export interface ServiceSpan extends JaegerSpan {
  readonly service: string;
}

interface OtlpTraces {
  readonly result?: {
    readonly resourceSpans?: readonly {
      readonly resource?: {
        readonly attributes?: readonly { key: string; value: { stringValue?: string } }[];
      };
      readonly scopeSpans?: readonly { readonly spans?: readonly JaegerSpan[] }[];
    }[];
  };
}

/**
 * Every span of a trace, with its service, from `/api/v3/traces/{trace_id}`;
 * empty while Jaeger has none of it yet. OTLP JSON gives ids as hex here.
 */
export async function fetchTrace(traceId: string): Promise<ServiceSpan[]> {
  const response = await fetch(`${queryUrl}/api/v3/traces/${traceId}`);
  if (response.status === 404) return [];
  if (!response.ok) throw new Error(`Jaeger answered ${response.status} for trace ${traceId}`);
  return spansOf((await response.json()) as OtlpTraces);
}

/**
 * The ids of a service's traces that started within the last `withinMs`
 * (`/api/v3/traces?query.service_name=...`), the latest first, with how many
 * spans each has and how many of them wrote to Kafka (PRODUCER spans).
 */
export async function findTraces(
  service: string,
  withinMs = 3_600_000,
  limit = 20,
): Promise<{ traceId: string; spans: number; producers: number }[]> {
  const now = Date.now();
  const query = new URLSearchParams({
    "query.service_name": service,
    "query.start_time_min": new Date(now - withinMs).toISOString(),
    "query.start_time_max": new Date(now + 60_000).toISOString(),
    "query.num_traces": String(limit),
  });
  const response = await fetch(`${queryUrl}/api/v3/traces?${query}`);
  if (response.status === 404) return [];
  if (!response.ok) throw new Error(`Jaeger answered ${response.status} searching ${service}'s traces`);
  const traces = new Map<string, { start: bigint; spans: number; producers: number }>();
  for (const span of spansOf((await response.json()) as OtlpTraces)) {
    const start = BigInt(span.startTimeUnixNano ?? "0");
    const known = traces.get(span.traceId) ?? { start, spans: 0, producers: 0 };
    const producer = span.kind === 4 || span.kind === "SPAN_KIND_PRODUCER";
    traces.set(span.traceId, {
      start: start < known.start ? start : known.start,
      spans: known.spans + 1,
      producers: known.producers + (producer ? 1 : 0),
    });
  }
  return [...traces]
    .sort(([, a], [, b]) => (a.start < b.start ? 1 : a.start > b.start ? -1 : 0))
    .map(([traceId, { spans, producers }]) => ({ traceId, spans, producers }));
}

function spansOf(body: OtlpTraces): ServiceSpan[] {
  const spans: ServiceSpan[] = [];
  for (const resourceSpans of body.result?.resourceSpans ?? []) {
    const service =
      resourceSpans.resource?.attributes?.find((attribute) => attribute.key === "service.name")?.value
        .stringValue ?? "unknown";
    for (const scope of resourceSpans.scopeSpans ?? []) {
      for (const span of scope.spans ?? []) spans.push({ ...span, service });
    }
  }
  return spans;
}

/** The services Jaeger has seen. */
export async function fetchServices(): Promise<string[]> {
  const response = await fetch(`${queryUrl}/api/v3/services`);
  if (!response.ok) throw new Error(`Jaeger answered ${response.status}`);
  return ((await response.json()) as { services?: string[] }).services ?? [];
}
