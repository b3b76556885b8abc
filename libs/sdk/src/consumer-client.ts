import { credentials as grpcCredentials } from "@grpc/grpc-js";
import { OnceportError } from "@onceport/errors";
import { clientClosedError } from "./errors/client-closed.ts";
import type { ConnectOptions } from "./options.ts";
import type { ProcessHandler, ProcessOptions } from "./process/process-types.ts";
import { ProcessWorker } from "./process/process-worker.ts";
import { type RetryPolicy, retryPolicy } from "./retry/retry-policy.ts";
import { type SubscribeOptions, Subscription } from "./subscribe/subscription.ts";
import { ConsumerTransport } from "./transport/consumer-transport.ts";

/** How to reach the gateway for Process and Subscribe: as `connect()`, with no session. */
export type ConsumerClientOptions = Pick<
  ConnectOptions,
  "address" | "credentials" | "metadata" | "retry" | "channelOptions"
> & {
  /** The default `workerId` of `process()`. */
  readonly clientId?: string;
};

/**
 * Workers and subscriptions. They need no session (Process and Subscribe are
 * streams of their own), only the connection and the retry policy; closing
 * stops them. `OnceportClient` holds one; `consumerClient()` makes one alone.
 */
export class ConsumerClient {
  private readonly workers = new Set<ProcessWorker>();
  private readonly subscriptions = new Set<Subscription>();
  private readonly transport: ConsumerTransport;
  private readonly policy: RetryPolicy;
  private readonly clientId: string | undefined;
  private closing: Promise<void> | undefined;

  /** @internal Use `consumerClient()`, or `connect()`'s client. */
  constructor(options: ConsumerClientOptions, policy: RetryPolicy = retryPolicy(options.retry)) {
    this.transport = new ConsumerTransport(
      options.address,
      options.credentials ?? grpcCredentials.createInsecure(),
      { channelOptions: options.channelOptions, callMetadata: options.metadata },
    );
    this.policy = policy;
    this.clientId = options.clientId;
  }

  /** See `OnceportClient.process`. */
  process(options: ProcessOptions, handler: ProcessHandler): ProcessWorker {
    this.assertOpen();
    const workerId = options.workerId ?? this.clientId;
    if (workerId === undefined) {
      throw new OnceportError("INVALID_ARGUMENT", "process() needs a workerId (or a clientId to default to)");
    }
    const worker = new ProcessWorker(this.transport, this.policy, { ...options, workerId }, handler);
    this.workers.add(worker);
    const forget = (): void => {
      this.workers.delete(worker);
    };
    worker.done.then(forget, forget);
    return worker;
  }

  /** See `OnceportClient.subscribe`. */
  subscribe(options: SubscribeOptions): Subscription {
    this.assertOpen();
    const subscription: Subscription = new Subscription(this.transport, this.policy, options, () =>
      this.subscriptions.delete(subscription),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** Stops every worker cleanly and ends every subscription, then closes the connection. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.allSettled([
        ...[...this.workers].map((worker) => worker.stop()),
        ...[...this.subscriptions].map((subscription) => subscription.close()),
      ]);
      this.transport.close();
    })();
    return this.closing;
  }

  private assertOpen(): void {
    if (this.closing !== undefined) throw clientClosedError("the consumer client");
  }
}

/**
 * A client for `process()` and `subscribe()` only. It opens no session, so it
 * fences nobody: replicas of a worker, or a reader beside a publisher, may
 * share a client id. Nothing is sent until a worker or subscription starts.
 *
 * ```ts
 * const consumer = consumerClient({ address: "127.0.0.1:50051" });
 * for await (const { records, position } of consumer.subscribe({ topics: ["orders"] })) { ... }
 * ```
 */
export function consumerClient(options: ConsumerClientOptions): ConsumerClient {
  return new ConsumerClient(options);
}
