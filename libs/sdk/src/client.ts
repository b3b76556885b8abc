import { credentials as grpcCredentials } from "@grpc/grpc-js";
import { ConsumerClient } from "./consumer-client.ts";
import { clientClosedError } from "./errors/client-closed.ts";
import type { FencedError } from "./errors/fenced-error.ts";
import type { ConnectOptions } from "./options.ts";
import type { ProcessHandler, ProcessOptions } from "./process/process-types.ts";
import type { ProcessWorker } from "./process/process-worker.ts";
import { Publisher, type PublisherOptions } from "./publisher/publisher.ts";
import {
  fromApiResults,
  newIdempotencyKey,
  type PublishOptions,
  type PublishRecord,
  type PublishResult,
  recordAttributes,
  toApiRecord,
} from "./records.ts";
import type { CallContext } from "./retry/call-context.ts";
import { retryPolicy } from "./retry/retry-policy.ts";
import { withRecovery } from "./retry/with-recovery.ts";
import { SessionGate } from "./session/session-gate.ts";
import { type OpenedSession, SessionKeeper } from "./session/session-keeper.ts";
import type { SubscribeOptions, Subscription } from "./subscribe/subscription.ts";
import { inRpcSpan, traceMetadata } from "./tracing/client-span.ts";
import type { Transaction } from "./transaction/open-transaction.ts";
import { runTransaction, type TransactionOutcome } from "./transaction/run-transaction.ts";
import { GatewayTransport } from "./transport/gateway-transport.ts";

/**
 * A client of the Onceport gateway, made by `connect()`. It holds one session
 * for its client id and keeps it: when a call finds the session gone (the
 * gateway restarted, or ended the session after a commit whose answer was
 * lost) it opens a new one and retries with the same idempotency key, which is
 * how the outcome becomes known. Once fenced (another client with the same id
 * took over) it throws FencedError from every call and never retries.
 */
export class OnceportClient {
  readonly clientId: string;
  readonly address: string;
  private readonly context: CallContext;
  private readonly keeper: SessionKeeper;
  private readonly gate = new SessionGate();
  private readonly publishers = new Set<Publisher>();
  private readonly consumers: ConsumerClient;
  private readonly inFlight = new Set<Promise<unknown>>();
  private closing: Promise<void> | undefined;

  /** @internal Use `connect()`. */
  constructor(options: ConnectOptions) {
    this.clientId = options.clientId;
    this.address = options.address;
    const callTimeoutMs = options.callTimeoutMs ?? 30_000;
    const transport = new GatewayTransport(
      options.address,
      options.credentials ?? grpcCredentials.createInsecure(),
      { channelOptions: options.channelOptions, callMetadata: options.metadata },
    );
    this.keeper = new SessionKeeper(transport, options.clientId, callTimeoutMs);
    this.context = {
      transport,
      callTimeoutMs,
      clientId: options.clientId,
      recovery: { keeper: this.keeper, policy: retryPolicy(options.retry), onRetry: options.onRetry },
    };
    this.consumers = new ConsumerClient(options, this.context.recovery.policy);
    this.keeper.onFenced((error) => this.fenced(error));
  }

  /** The session in use (id, Kafka transactional.id...), when one is open. */
  get session(): OpenedSession | undefined {
    return this.keeper.session;
  }

  /** True once another client with the same id took over: every call throws FencedError. */
  get isFenced(): boolean {
    return this.keeper.isFenced;
  }

  /** @internal Opens the session, with retries; `connect()` calls it. */
  async open(): Promise<void> {
    await this.track(withRecovery(this.context.recovery, "OpenSession", async () => {}));
  }

  /**
   * Writes records to any topics and partitions atomically (all or nothing)
   * and resolves once they are committed, with where each landed.
   *
   * Retries (same key; bounded, exponential backoff with jitter) whenever the
   * outcome is not known yet: the gateway unreachable, a deadline, a lost
   * session, a commit whose answer was lost. So a resolved publish was written
   * exactly once, and a rejected one with `retriable: false` was not written.
   * A rejected one with `retriable: true` ran out of retries: its outcome is
   * unknown until a publish with the same key succeeds.
   */
  publish(records: readonly PublishRecord[], options: PublishOptions = {}): Promise<PublishResult> {
    const idempotencyKey = options.idempotencyKey ?? newIdempotencyKey();
    return this.track(
      this.shared(() =>
        inRpcSpan(
          "Publish",
          {
            "onceport.client_id": this.clientId,
            "onceport.idempotency_key": idempotencyKey,
            ...recordAttributes(records),
          },
          async (span) => {
            const request = { idempotencyKey, records: records.map(toApiRecord) };
            const response = await withRecovery(
              this.context.recovery,
              "Publish",
              (session) =>
                this.context.transport.unary(
                  "publish",
                  { sessionId: session.id, ...request },
                  { metadata: traceMetadata(), timeoutMs: this.context.callTimeoutMs },
                ),
              { idempotencyKey, span },
            );
            span.setAttribute("onceport.duplicate", response.duplicate);
            return {
              idempotencyKey,
              results: fromApiResults(response.results),
              duplicate: response.duplicate,
            };
          },
        ),
      ),
    );
  }

  /**
   * Runs `work` in a Kafka transaction: what it sends with `tx.send` becomes
   * visible together when `work` resolves, and never when it throws (the
   * transaction is aborted and `work`'s error rethrown). Never leaves a
   * transaction open.
   *
   * With a key that committed before (a retry of a transaction that did
   * commit), `work` is NOT run again: the outcome says `duplicate: true` with
   * the first transaction's results. A lost commit answer is resolved the same
   * way, through the key. Transactions of one client run one at a time, and
   * publishes wait while one is open (the gateway allows no more per session).
   */
  transaction<T>(
    work: (tx: Transaction) => Promise<T>,
    options: PublishOptions = {},
  ): Promise<TransactionOutcome<T>> {
    const key = options.idempotencyKey ?? newIdempotencyKey();
    return this.track(
      (async () => {
        this.assertOpen();
        return await runTransaction(this.context, this.gate, work, key);
      })(),
    );
  }

  /**
   * A streaming publisher for throughput (see `Publisher`), sharing this
   * client's session. Close it (or the client) when done.
   */
  publisher(options: PublisherOptions = {}): Publisher {
    this.assertOpen();
    const publisher = new Publisher(
      {
        transport: this.context.transport,
        recovery: this.context.recovery,
        gate: this.gate,
        clientId: this.clientId,
      },
      options,
      (closed) => this.publishers.delete(closed),
    );
    this.publishers.add(publisher);
    return publisher;
  }

  /**
   * Exactly-once consume-transform-produce: joins `options.group` on the
   * input topics and calls `handler` for each batch of one partition; the
   * gateway writes the outputs together with the input offsets in one Kafka
   * transaction, so every input's outputs land exactly once, across worker and
   * gateway restarts. Returns the running worker: `stop()` leaves cleanly,
   * `done` settles when it ends. See `ProcessHandler` (deterministic!) and
   * `eachRecord` for a per-record transform.
   *
   * ```ts
   * const worker = client.process({ group: "eur", topics: ["payments"] }, async (batch) =>
   *   batch.records.map((record) => ({ inputOffset: record.offset, record: { topic: "payments-eur", value: convert(record.value) } })),
   * );
   * ```
   */
  process(options: ProcessOptions, handler: ProcessHandler): ProcessWorker {
    this.assertOpen();
    return this.consumers.process(options, handler);
  }

  /**
   * Reads committed records of some topics (nothing of an aborted or open
   * transaction), resuming by itself from the last position after a drop:
   * `for await (const { records, position } of client.subscribe({ topics }))`.
   */
  subscribe(options: SubscribeOptions): Subscription {
    this.assertOpen();
    return this.consumers.subscribe(options);
  }

  /**
   * Stops every worker (cleanly) and subscription, flushes and closes every
   * publisher, waits for calls in flight, then closes the session and the
   * connection. Later calls get CLIENT_CLOSED.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      // Each call and publish reports its own failure to its caller; close just waits.
      await Promise.allSettled([
        ...[...this.publishers].map((publisher) => publisher.close()),
        ...this.inFlight,
        this.consumers.close(),
      ]);
      await this.keeper.close();
      this.context.transport.close();
    })();
    return this.closing;
  }

  private assertOpen(): void {
    this.keeper.assertUsable(); // FencedError once fenced
    if (this.closing !== undefined) throw clientClosedError(`client ${this.clientId}`);
  }

  private async shared<T>(work: () => Promise<T>): Promise<T> {
    this.assertOpen();
    await this.gate.acquireShared();
    try {
      return await work();
    } finally {
      this.gate.releaseShared();
    }
  }

  private track<T>(call: Promise<T>): Promise<T> {
    this.inFlight.add(call);
    const forget = (): void => {
      this.inFlight.delete(call);
    };
    call.then(forget, forget);
    return call;
  }

  private fenced(error: FencedError): void {
    for (const publisher of this.publishers) publisher.failAll(error);
    // Fenced for good: nothing will use the connection again.
    this.context.transport.close();
  }
}
