package onceport

import (
	"context"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	"google.golang.org/grpc/metadata"
)

// withTraceContext adds the context's trace context (W3C traceparent, with the propagator
// the application installed through otel.SetTextMapPropagator) to the outgoing metadata.
// With no propagator installed, OpenTelemetry's global one is a no-op and nothing is added.
func withTraceContext(ctx context.Context) context.Context {
	carrier := propagation.MapCarrier{}
	otel.GetTextMapPropagator().Inject(ctx, carrier)
	if len(carrier) == 0 {
		return ctx
	}
	pairs := make([]string, 0, 2*len(carrier))
	for key, value := range carrier {
		pairs = append(pairs, key, value)
	}
	return metadata.AppendToOutgoingContext(ctx, pairs...)
}
