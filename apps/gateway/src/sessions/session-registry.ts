import { OnceportError } from "@onceport/errors";
import { fencedError } from "../kafka/kafka-errors.ts";
import type { Logger } from "../logger.ts";
import { RecentMap } from "../util/recent-map.ts";
import { Session } from "./session.ts";
import type { SessionEnvironment } from "./session-environment.ts";

const clientIdPattern = /^[A-Za-z0-9._-]{1,200}$/;

export interface SessionLimits {
  readonly maxSessions: number;
  readonly idleTimeoutMs: number;
}

/**
 * The sessions of this gateway: one live session per client, a bounded number
 * in all, and producers leased, not leaked (idle sessions are closed).
 */
export class SessionRegistry {
  private readonly byId = new Map<string, Session>();
  private readonly byClient = new Map<string, Session>();
  /** Opens of one client run one after another, so the last one wins cleanly. */
  private readonly opening = new Map<string, Promise<unknown>>();
  private openingCount = 0;
  /** Sessions fenced lately, so their late calls still hear PRODUCER_FENCED, not SESSION_NOT_FOUND. */
  private readonly fenced = new RecentMap<string, string>(10_000);
  private readonly sweeper: NodeJS.Timeout;

  private readonly env: SessionEnvironment;
  private readonly limits: SessionLimits;
  private readonly logger: Logger;

  constructor(env: SessionEnvironment, limits: SessionLimits, logger: Logger) {
    this.env = env;
    this.limits = limits;
    this.logger = logger;
    this.sweeper = setInterval(() => this.closeIdle(), Math.min(limits.idleTimeoutMs, 5_000));
    this.sweeper.unref();
  }

  get size(): number {
    return this.byId.size;
  }

  /** Sessions in an interactive transaction now (what the open-transactions gauge shows). */
  get openTransactions(): number {
    let open = 0;
    for (const session of this.byId.values()) if (session.hasOpenTransaction) open++;
    return open;
  }

  async open(clientId: string): Promise<Session> {
    if (!clientIdPattern.test(clientId)) {
      throw new OnceportError(
        "INVALID_CLIENT_ID",
        "a client id is 1 to 200 characters of letters, digits, '.', '_' and '-'",
      );
    }
    const replacing = this.byClient.has(clientId) ? 1 : 0;
    if (this.byId.size + this.openingCount - replacing >= this.limits.maxSessions) {
      throw new OnceportError(
        "SESSION_LIMIT_REACHED",
        `this gateway holds its limit of ${this.limits.maxSessions} sessions`,
      );
    }
    const previous = this.opening.get(clientId) ?? Promise.resolve();
    const opened = previous.catch(() => {}).then(() => this.openNow(clientId));
    this.opening.set(clientId, opened);
    this.openingCount++;
    try {
      return await opened;
    } finally {
      this.openingCount--;
      if (this.opening.get(clientId) === opened) this.opening.delete(clientId);
    }
  }

  get(sessionId: string): Session {
    const session = this.byId.get(sessionId);
    const fencedTransactionalId = this.fenced.get(sessionId);
    if (!session && fencedTransactionalId !== undefined) throw fencedError(fencedTransactionalId);
    if (!session) {
      throw new OnceportError(
        "SESSION_NOT_FOUND",
        `no session ${sessionId || "(empty id)"} on this gateway: it was closed, expired, or opened on another gateway`,
      );
    }
    session.assertOpen();
    return session;
  }

  async close(sessionId: string): Promise<void> {
    await this.get(sessionId).close();
  }

  async closeAll(): Promise<void> {
    clearInterval(this.sweeper);
    await Promise.all([...this.byId.values()].map((session) => session.close()));
  }

  private async openNow(clientId: string): Promise<Session> {
    // Fence the local session first: its calls fail from now on, as they would
    // once the new producer's initialisation fences it in Kafka.
    this.byClient.get(clientId)?.supersede();
    const session = await Session.open(clientId, this.env);
    this.byId.set(session.id, session);
    this.byClient.set(clientId, session);
    session.whenEnded(() => {
      if (session.isFenced) this.fenced.set(session.id, session.transactionalId);
      this.byId.delete(session.id);
      if (this.byClient.get(clientId) === session) this.byClient.delete(clientId);
    });
    this.logger.info(
      { clientId, sessionId: session.id, transactionalId: session.transactionalId },
      "session opened",
    );
    return session;
  }

  private closeIdle(): void {
    const oldest = Date.now() - this.limits.idleTimeoutMs;
    for (const session of this.byId.values()) {
      if (session.lastUsedAt < oldest && session.activeStreams === 0) {
        this.logger.info({ clientId: session.clientId, sessionId: session.id }, "closing an idle session");
        session.close().catch((error: unknown) => {
          this.logger.warn({ err: error, sessionId: session.id }, "closing an idle session failed");
        });
      }
    }
  }
}
