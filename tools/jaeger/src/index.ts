export { ensureJaegerBinary } from "./build.ts";
export { type JaegerStatus, jaegerAnswers, jaegerStatus, startJaeger, stopJaeger } from "./jaeger-process.ts";
export { fetchServices, fetchTrace, type JaegerSpan, type ServiceSpan } from "./jaeger-query.ts";
export { JAEGER_VERSION, otlpHttpUrl, ports, queryUrl } from "./paths.ts";
