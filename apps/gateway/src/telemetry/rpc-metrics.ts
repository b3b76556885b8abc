import { status as grpcStatus, ServerInterceptingCall, type ServerInterceptor } from "@grpc/grpc-js";
import { type Histogram, type MeterProvider, metrics, type UpDownCounter } from "@opentelemetry/api";
import { latencyBuckets, secondsSince } from "./gateway-metrics.ts";
import { instrumentationName, instrumentationVersion } from "./gateway-tracer.ts";

/** The streaming RPCs whose open streams an operator watches: present at zero from the start. */
const streamingMethods = [
  { service: "onceport.v1.GatewayService", method: "PublishStream" },
  { service: "onceport.v1.SubscribeService", method: "Subscribe" },
  { service: "onceport.v1.ProcessService", method: "Process" },
] as const;

interface RpcInstruments {
  readonly duration: Histogram;
  readonly openStreams: UpDownCounter;
}

let cached: { provider: MeterProvider; instruments: RpcInstruments } | undefined;

/** Made on first use and again if the provider changes (see gateway-metrics.ts: the API has no proxy). */
function instruments(): RpcInstruments {
  const provider = metrics.getMeterProvider();
  if (cached?.provider === provider) return cached.instruments;
  const meter = provider.getMeter(instrumentationName, instrumentationVersion);
  const made: RpcInstruments = {
    duration: meter.createHistogram("rpc.server.call.duration.seconds", {
      description:
        "gRPC calls, unary and streaming, from their start to their status (a stream: its whole life), by service, method and status code",
      unit: "s",
      advice: { explicitBucketBoundaries: streamBuckets },
    }),
    openStreams: meter.createUpDownCounter("onceport.streams.open", {
      description:
        "Streaming calls open now, by method: PublishStream (publish streams), Subscribe (subscriptions), Process (workers)",
    }),
  };
  for (const { service, method } of streamingMethods) {
    made.openStreams.add(0, { "rpc.system": "grpc", "rpc.service": service, "rpc.method": method });
  }
  cached = { provider, instruments: made };
  return made;
}

/** Unary calls take milliseconds, streams live for hours: the latency buckets, then up to a day. */
const streamBuckets = [...latencyBuckets, 60, 300, 900, 3600, 14_400, 86_400];

/** The open-stream gauges at zero, before any stream came (a scrape right after start shows them). */
export function presentStreamsAtZero(): void {
  guard(() => instruments());
}

/**
 * Measures every call the server takes, unary and streaming alike, from the
 * call's start to the status sent (or the client's cancel): the one place that
 * sees a stream's end, whichever handler served it. First in the server's
 * interceptors, so calls refused by authentication are measured too.
 */
export function rpcMetricsInterceptor(): ServerInterceptor {
  return (definition, call) => {
    const startedAt = performance.now();
    const slash = definition.path.lastIndexOf("/");
    const attributes = {
      "rpc.system": "grpc",
      "rpc.service": definition.path.slice(1, slash),
      "rpc.method": definition.path.slice(slash + 1),
    };
    const streaming = definition.requestStream || definition.responseStream;
    if (streaming) guard(() => instruments().openStreams.add(1, attributes));
    let ended = false;
    const end = (code: number) => {
      if (ended) return;
      ended = true;
      guard(() => {
        const { duration, openStreams } = instruments();
        duration.record(secondsSince(startedAt), { ...attributes, "rpc.grpc.status_code": code });
        if (streaming) openStreams.add(-1, attributes);
      });
    };
    return new ServerInterceptingCall(call, {
      start: (next) => next({ onCancel: () => end(grpcStatus.CANCELLED) }),
      sendStatus: (status, next) => {
        end(status.code);
        next(status);
      },
    });
  };
}

function guard(record: () => void): void {
  try {
    record();
  } catch {
    // A metrics failure is no reason to fail a call.
  }
}
