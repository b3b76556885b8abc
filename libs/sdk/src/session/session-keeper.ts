import type { OnceportError } from "@onceport/errors";
import { clientClosedError } from "../errors/client-closed.ts";
import { FencedError } from "../errors/fenced-error.ts";
import { inRpcSpan, traceMetadata } from "../tracing/client-span.ts";
import type { GatewayTransport } from "../transport/gateway-transport.ts";

/** A session the gateway opened for this client. */
export interface OpenedSession {
  readonly id: string;
  /** The Kafka transactional.id the gateway's producer for this client uses. */
  readonly transactionalId: string;
  /** The gateway closes the session after this long without a call. */
  readonly idleTimeoutMs: number;
  readonly openedAt: Date;
}

/**
 * Holds the client's one session. Every call asks it for the current session;
 * when a call learns that session is gone it invalidates it, and the next call
 * opens a new one: one open at a time, however many calls noticed together.
 *
 * Which session a failure came from matters for fencing: opening a new session
 * fences the old one, so calls still in flight on a session the SDK itself
 * replaced answer PRODUCER_FENCED. That is not another client taking over;
 * only PRODUCER_FENCED on the *current* session is.
 */
export class SessionKeeper {
  private current: OpenedSession | undefined;
  private opening: Promise<OpenedSession> | undefined;
  private fencedBy: FencedError | undefined;
  private closed = false;
  private readonly fencedListeners = new Set<(error: FencedError) => void>();

  private readonly transport: GatewayTransport;
  private readonly clientId: string;
  private readonly callTimeoutMs: number;

  constructor(transport: GatewayTransport, clientId: string, callTimeoutMs: number) {
    this.transport = transport;
    this.clientId = clientId;
    this.callTimeoutMs = callTimeoutMs;
  }

  /** The session in use, if one is open. */
  get session(): OpenedSession | undefined {
    return this.current;
  }

  get isFenced(): boolean {
    return this.fencedBy !== undefined;
  }

  /** The current session, opening one first when there is none. */
  acquire(): Promise<OpenedSession> {
    this.assertUsable();
    if (this.current) return Promise.resolve(this.current);
    this.opening ??= this.open().finally(() => {
      this.opening = undefined;
    });
    return this.opening;
  }

  /** Forgets a session that is gone; the next call opens a new one. */
  invalidate(session: OpenedSession): void {
    if (this.current === session) this.current = undefined;
  }

  isCurrent(session: OpenedSession): boolean {
    return this.current === session;
  }

  /** Another session of this client took over: stop for good. */
  markFenced(cause: OnceportError): FencedError {
    if (!this.fencedBy) {
      this.fencedBy = new FencedError(
        `client ${this.clientId} was fenced: another session of this client id took over (${cause.message}); this client is closed`,
        { cause },
      );
      this.current = undefined;
      for (const listener of this.fencedListeners) listener(this.fencedBy);
      this.fencedListeners.clear();
    }
    return this.fencedBy;
  }

  onFenced(listener: (error: FencedError) => void): void {
    this.fencedListeners.add(listener);
  }

  /** Throws the FencedError (a fresh one, for its stack) or CLIENT_CLOSED when no call may start. */
  assertUsable(): void {
    if (this.fencedBy) throw new FencedError(this.fencedBy.message, { cause: this.fencedBy.cause });
    if (this.closed) throw clientClosedError(`client ${this.clientId}`);
  }

  /** Closes the session on the gateway (best effort: an unreachable gateway closes it when idle). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const session = this.current ?? (await this.opening?.catch(() => undefined));
    this.current = undefined;
    if (!session || this.fencedBy) return;
    await inRpcSpan("CloseSession", { "onceport.client_id": this.clientId }, () =>
      this.transport.unary(
        "closeSession",
        { sessionId: session.id },
        { metadata: traceMetadata(), timeoutMs: Math.min(this.callTimeoutMs, 5_000) },
      ),
    ).catch(() => {});
  }

  private async open(): Promise<OpenedSession> {
    const response = await inRpcSpan("OpenSession", { "onceport.client_id": this.clientId }, () =>
      this.transport.unary(
        "openSession",
        { clientId: this.clientId },
        { metadata: traceMetadata(), timeoutMs: this.callTimeoutMs },
      ),
    );
    const session: OpenedSession = {
      id: response.sessionId,
      transactionalId: response.transactionalId,
      idleTimeoutMs: Number(response.idleTimeoutMs),
      openedAt: new Date(),
    };
    if (this.closed || this.fencedBy) {
      // Closed while opening: give the producer back rather than leave it to the idle sweep.
      this.transport
        .unary("closeSession", { sessionId: session.id }, { metadata: traceMetadata(), timeoutMs: 5_000 })
        .catch(() => {});
      this.assertUsable();
    }
    this.current = session;
    return session;
  }
}
