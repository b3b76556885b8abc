import { context, metrics, propagation, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import {
  AggregationTemporality,
  type CollectionResult,
  MeterProvider,
  MetricReader,
} from "@opentelemetry/sdk-metrics";
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";

/** A metric reader the test collects from when it wants. */
class OnDemandReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

export interface InMemoryTelemetry {
  readonly exporter: InMemorySpanExporter;
  /** The application's own tracer (the spans a user of the SDK makes). */
  readonly tracer: ReturnType<TracerProvider["getTracer"]>;
  /** The sum of a counter's data points whose attributes include `attributes`. */
  counter(name: string, attributes?: Record<string, string | number>): Promise<number>;
  uninstall(): Promise<void>;
}

/**
 * OpenTelemetry as an application registers it, in memory: spans exported as
 * they end (SimpleSpanProcessor into an InMemorySpanExporter), W3C trace
 * context propagation, the AsyncLocalStorage context manager, and a meter
 * provider. SDK and gateway share this process, so they share it too, and
 * tell their spans apart by instrumentation scope.
 */
export function installInMemoryTelemetry(): InMemoryTelemetry {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const reader = new OnDemandReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  metrics.setGlobalMeterProvider(meterProvider);
  return {
    exporter,
    tracer: provider.getTracer("test-app"),
    async counter(name, attributes = {}) {
      const { resourceMetrics } = (await reader.collect()) as CollectionResult;
      let sum = 0;
      for (const scope of resourceMetrics.scopeMetrics) {
        for (const metric of scope.metrics) {
          if (metric.descriptor.name !== name) continue;
          for (const point of metric.dataPoints) {
            const matches = Object.entries(attributes).every(
              ([key, value]) => point.attributes[key] === value,
            );
            if (matches && typeof point.value === "number") sum += point.value;
          }
        }
      }
      return sum;
    },
    async uninstall() {
      await provider.shutdown();
      await meterProvider.shutdown();
      trace.disable();
      metrics.disable();
      propagation.disable();
      context.disable();
    },
  };
}
