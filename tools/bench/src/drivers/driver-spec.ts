/**
 * What a driver process is asked to do, and what it answers. Every driver runs
 * in a fresh Node process of its own (see run-driver.ts), so no run inherits
 * another's garbage, JIT state or event-loop backlog.
 */

/** A measured phase: a warm-up, then the window whose events count. */
export interface Timing {
  readonly warmupMs: number;
  readonly durationMs: number;
}

/** Records through the gateway's publish stream, as fast as it takes them. */
export interface GatewayStreamSpec extends Timing {
  readonly kind: "gateway-stream";
  readonly address: string;
  readonly clientId: string;
  readonly topic: string;
  readonly recordBytes: number;
  readonly recordsPerPublish: number;
  /** Records written but not yet acknowledged, at most (the gateway's window by default). */
  readonly inFlightRecords: number;
}

/** The same through the TypeScript SDK's publisher (`client.publisher().submit`). */
export interface SdkStreamSpec extends Omit<GatewayStreamSpec, "kind"> {
  readonly kind: "sdk-stream";
}

/**
 * Records through a kafkajs producer directly, as fast as it takes them. With
 * `transactionMs` > 0 it is idempotent and transactional like the gateway's
 * producers: it keeps a transaction open for that long, sending chunk after
 * chunk, then commits (what Kafka's ProducerPerformance does with
 * --transaction-duration-ms). With 0 it is idempotent only.
 */
export interface KafkajsStreamSpec extends Timing {
  readonly kind: "kafkajs-stream";
  readonly brokers: readonly string[];
  readonly transactionalId: string;
  readonly topic: string;
  readonly recordBytes: number;
  readonly chunkRecords: number;
  readonly transactionMs: number;
}

/** Atomic publishes one after another (ratePerSec 0) or at a fixed offered rate. */
interface UnaryLoad extends Timing {
  readonly topic: string;
  readonly recordBytes: number;
  readonly recordsPerPublish: number;
  /** 0: closed loop, the next publish as soon as the last one answered (saturation). */
  readonly ratePerSec: number;
}

export interface GatewayUnarySpec extends UnaryLoad {
  readonly kind: "gateway-unary";
  readonly address: string;
  readonly clientId: string;
}

/** Publishes through the TypeScript SDK (`connect()`, `client.publish`). */
export interface SdkUnarySpec extends UnaryLoad {
  readonly kind: "sdk-unary";
  readonly address: string;
  readonly clientId: string;
}

/** The same publishes as one kafkajs transaction each: begin, sendBatch, commit. */
export interface KafkajsUnarySpec extends UnaryLoad {
  readonly kind: "kafkajs-unary";
  readonly brokers: readonly string[];
  readonly transactionalId: string;
}

/** Many sessions, each publishing now and then. */
export interface SessionsSpec {
  readonly kind: "sessions";
  readonly address: string;
  readonly clientIdPrefix: string;
  readonly sessions: number;
  /** Sessions being opened at once. */
  readonly openConcurrency: number;
  readonly topic: string;
  readonly recordBytes: number;
  /** Each session publishes once per interval, at a random phase. */
  readonly publishIntervalMs: number;
  readonly durationMs: number;
  /** Close the sessions at the end (false: leave them for the gateway's idle sweep). */
  readonly closeSessions: boolean;
}

export type DriverSpec =
  | GatewayStreamSpec
  | SdkStreamSpec
  | KafkajsStreamSpec
  | GatewayUnarySpec
  | SdkUnarySpec
  | KafkajsUnarySpec
  | SessionsSpec;

export interface ThroughputResult {
  readonly kind: "throughput";
  /** Records acknowledged (committed) inside the window. */
  readonly records: number;
  readonly seconds: number;
  readonly recordsPerSec: number;
  /** Payload (record value) bytes a second, in MB (10^6). */
  readonly mbPerSec: number;
  readonly errors: number;
  /** CPU time (ms) the driver process used inside the window. */
  readonly cpuMs: number;
}

export interface LatencyResult {
  readonly kind: "latency";
  /** Latencies (ms) of the publishes sent inside the window, from their scheduled start. */
  readonly latenciesMs: readonly number[];
  readonly seconds: number;
  readonly publishesPerSec: number;
  readonly errors: number;
  readonly cpuMs: number;
}

export interface SessionsResult {
  readonly kind: "sessions";
  readonly opened: number;
  readonly openSeconds: number;
  readonly latenciesMs: readonly number[];
  readonly errors: number;
  readonly firstError: string | undefined;
}

export type DriverResult = ThroughputResult | LatencyResult | SessionsResult;
