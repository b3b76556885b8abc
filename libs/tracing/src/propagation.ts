import { type Context, context, propagation } from "@opentelemetry/api";
import {
  type HeadersLike,
  headersGetter,
  headersSetter,
  type MetadataLike,
  metadataGetter,
  metadataSetter,
} from "./carriers.ts";

/** Writes the context's trace (W3C traceparent, tracestate, baggage) into gRPC metadata. */
export function injectIntoMetadata(metadata: MetadataLike, from: Context = context.active()): void {
  propagation.inject(from, metadata, metadataSetter);
}

/** The trace context a gRPC call carried, on top of `base`. */
export function extractFromMetadata(metadata: MetadataLike, base: Context = context.active()): Context {
  return propagation.extract(base, metadata, metadataGetter);
}

/** Writes the context's trace into Kafka record headers (`traceparent`, ...). */
export function injectIntoHeaders(headers: HeadersLike, from: Context = context.active()): void {
  propagation.inject(from, headers, headersSetter);
}

/** The trace context a Kafka record carried. */
export function extractFromHeaders(headers: HeadersLike, base: Context = context.active()): Context {
  return propagation.extract(base, headers, headersGetter);
}

/**
 * The context's W3C traceparent, for one message of a stream (a gRPC stream's
 * metadata travels once, but each message may belong to another trace);
 * empty when there is no trace.
 */
export function traceparentOf(from: Context = context.active()): string {
  const carrier: Record<string, string> = {};
  propagation.inject(from, carrier);
  return carrier.traceparent ?? "";
}

/** The context a message's traceparent names; `base` when it names none. */
export function contextFromTraceparent(traceparent: string, base: Context = context.active()): Context {
  return traceparent === "" ? base : propagation.extract(base, { traceparent });
}
