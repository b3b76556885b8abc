import type { ChannelCredentials, ChannelOptions } from "@grpc/grpc-js";
import type { RetryPolicy } from "./retry/retry-policy.ts";
import type { RetryEvent } from "./retry/with-recovery.ts";
import type { CallMetadata } from "./transport/gateway-transport.ts";

/** How to reach the gateway, and as whom. */
export interface ConnectOptions {
  /** The gateway, `host:port` (`npm start` runs one on `127.0.0.1:50051`). */
  readonly address: string;
  /**
   * Who this client is: letters, digits, `.`, `_`, `-`, at most 200 characters.
   * A client id has one live session: a second client with the same id fences
   * this one (it gets FencedError and stops). Idempotency keys are remembered
   * per client id, so a retry after a restart must use the same id.
   */
  readonly clientId: string;
  /**
   * gRPC channel credentials: `gatewayCredentials({ ca, cert, key, token })`
   * for TLS, mutual TLS and a bearer token. Default: plaintext, which only a
   * gateway run for local development accepts.
   */
  readonly credentials?: ChannelCredentials;
  /** Overrides of the retry policy (see `defaultRetryPolicy`). */
  readonly retry?: Partial<RetryPolicy>;
  /**
   * gRPC metadata sent with every call and stream, such as
   * `{ authorization: "Bearer <JWT>" }` for a gateway that authenticates its
   * callers. A function is asked again for each call, so a token can be renewed.
   */
  readonly metadata?: CallMetadata;
  /** Deadline of each attempt of a unary call. Default 30,000 ms (opening a session reads receipts). */
  readonly callTimeoutMs?: number;
  /** More `@grpc/grpc-js` channel options (they override the SDK's). */
  readonly channelOptions?: ChannelOptions;
  /** Told before every retry: for logs and metrics. */
  readonly onRetry?: (event: RetryEvent) => void;
}
