import { queryUrl } from "./paths.ts";

/** One span as Jaeger's API v3 returns it (OTLP JSON). */
export interface JaegerSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  readonly kind?: number | string;
  readonly attributes?: readonly { key: string; value: Record<string, unknown> }[];
  readonly links?: readonly { traceId: string; spanId: string }[];
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
  const body = (await response.json()) as OtlpTraces;
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
