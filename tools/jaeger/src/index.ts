export { ensureJaegerBinary } from "./build.ts";
export { type JaegerLease, leaseJaeger } from "./jaeger-lease.ts";
export { type JaegerStatus, jaegerAnswers, jaegerStatus, startJaeger, stopJaeger } from "./jaeger-process.ts";
export { fetchServices, fetchTrace, findTraces, type JaegerSpan, type ServiceSpan } from "./jaeger-query.ts";
export { JAEGER_VERSION, otlpHttpUrl, ports, queryUrl } from "./paths.ts";
export { renderTraceSvg } from "./render-trace.ts";
