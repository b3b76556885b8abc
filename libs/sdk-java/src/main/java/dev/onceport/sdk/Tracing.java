package dev.onceport.sdk;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;

/**
 * Adds the current W3C trace context to every call, through the OpenTelemetry API's global
 * propagators, when the application has opentelemetry-api on its class path (an optional
 * dependency). Without it, or with no propagator installed, calls carry nothing more.
 */
final class Tracing implements ClientInterceptor {
  private static final boolean AVAILABLE = otelPresent();

  private static boolean otelPresent() {
    try {
      Class.forName("io.opentelemetry.api.GlobalOpenTelemetry", false, Tracing.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError absent) {
      return false;
    }
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    ClientCall<Q, R> call = next.newCall(method, options);
    if (!AVAILABLE) return call;
    return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
      @Override
      public void start(Listener<R> listener, Metadata headers) {
        try {
          Otel.inject(headers);
        } catch (RuntimeException | LinkageError ignored) {
          // telemetry never breaks the caller's work
        }
        super.start(listener, headers);
      }
    };
  }

  /** Loaded only when the API is present. */
  private static final class Otel {
    static void inject(Metadata headers) {
      io.opentelemetry.api.GlobalOpenTelemetry.getPropagators()
          .getTextMapPropagator()
          .inject(
              io.opentelemetry.context.Context.current(),
              headers,
              (carrier, key, value) ->
                  carrier.put(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER), value));
    }
  }
}
