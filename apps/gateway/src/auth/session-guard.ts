import type { Metadata } from "@grpc/grpc-js";
import type { Record as ApiRecord } from "@onceport/api";
import { OnceportError } from "@onceport/errors";
import type { BeginOutcome, Session } from "../sessions/session.ts";
import type { AccessControl } from "./access-control.ts";
import { principalOf } from "./principal.ts";

type Call = { readonly metadata: Metadata };

export interface SessionGuardLimits {
  readonly maxSessionsPerPrincipal: number;
  readonly maxOpenTransactions: number;
  readonly maxOpenTransactionsPerPrincipal: number;
}

/**
 * Sessions bound to the principal that opened them. A session is opened only
 * for a client id the principal is granted, checked before any producer
 * exists (so a refused open fences nothing); every later call on it must come
 * from the same principal and write only granted topics. Also the limits on
 * what principals hold: open sessions per principal, interactive transactions
 * open on the gateway.
 */
export class SessionGuard {
  private readonly owners = new WeakMap<Session, string>();
  /** Per principal: its live sessions by client id, and its opens in progress. */
  private readonly held = new Map<string, { sessions: Map<string, Session>; opening: number }>();
  private readonly transactions = new Set<Session>();
  /** Begins in flight, per principal: counted, or concurrent begins would all pass the check. */
  private readonly beginning = new Map<string, number>();

  private readonly access: AccessControl;
  private readonly limits: SessionGuardLimits;

  constructor(access: AccessControl, limits: SessionGuardLimits) {
    this.access = access;
    this.limits = limits;
  }

  /** Opens a session for the caller's principal, if granted and within its limit. */
  async open(call: Call, clientId: string, open: () => Promise<Session>): Promise<Session> {
    const principal = principalOf(call);
    this.access.clientId(principal, clientId);
    const holding = this.holding(principal.name);
    // Re-opening a client's session replaces it: the count stays.
    const replacing = holding.sessions.has(clientId) ? 1 : 0;
    if (holding.sessions.size + holding.opening - replacing >= this.limits.maxSessionsPerPrincipal) {
      this.forgetIfIdle(principal.name);
      throw new OnceportError(
        "PRINCIPAL_SESSION_LIMIT_REACHED",
        `principal ${principal.name} holds its limit of ${this.limits.maxSessionsPerPrincipal} sessions on this gateway`,
      );
    }
    holding.opening++;
    try {
      const session = await open();
      this.owners.set(session, principal.name);
      holding.sessions.set(clientId, session);
      const release = () => {
        if (holding.sessions.get(clientId) === session) holding.sessions.delete(clientId);
        this.forgetIfIdle(principal.name);
      };
      session.whenEnded(release);
      // Superseded or closed before the listener was registered: it may never be called.
      if (!session.isOpen) release();
      return session;
    } finally {
      holding.opening--;
      this.forgetIfIdle(principal.name);
    }
  }

  /**
   * The session, if the caller's principal opened it; with records, also
   * checks that it may write every topic they name (before anything is written).
   */
  session(call: Call, session: Session, records?: readonly ApiRecord[]): Session {
    const principal = principalOf(call);
    if (this.owners.get(session) !== principal.name) {
      throw new OnceportError(
        "PERMISSION_DENIED",
        `session ${session.id} belongs to another principal than ${principal.name}`,
      );
    }
    // A record naming no topic is refused as INVALID_ARGUMENT when it is checked.
    if (records)
      this.access.write(
        principal,
        records.flatMap((record) => record.topic || []),
      );
    return session;
  }

  /**
   * Begins an interactive transaction within the gateway's limit of open ones and the
   * principal's share of them.
   */
  async beginTransaction(session: Session, begin: () => Promise<BeginOutcome>): Promise<BeginOutcome> {
    // Transactions end in many ways (commit, abort, idle timeout, a fenced session): count the live ones.
    for (const open of this.transactions) {
      if (!open.isOpen || !open.hasOpenTransaction) this.transactions.delete(open);
    }
    let beginningAll = 0;
    for (const count of this.beginning.values()) beginningAll += count;
    if (this.transactions.size + beginningAll >= this.limits.maxOpenTransactions) {
      throw new OnceportError(
        "TRANSACTION_LIMIT_REACHED",
        `this gateway holds its limit of ${this.limits.maxOpenTransactions} open transactions`,
      );
    }
    const principal = this.owners.get(session) ?? "";
    let mine = this.beginning.get(principal) ?? 0;
    for (const open of this.transactions) if (this.owners.get(open) === principal) mine++;
    if (mine >= this.limits.maxOpenTransactionsPerPrincipal) {
      throw new OnceportError(
        "PRINCIPAL_LIMIT_REACHED",
        `principal ${principal} holds its share of ${this.limits.maxOpenTransactionsPerPrincipal} open transactions on this gateway`,
      );
    }
    this.beginning.set(principal, (this.beginning.get(principal) ?? 0) + 1);
    try {
      const outcome = await begin();
      if (!outcome.alreadyCommitted) this.transactions.add(session);
      return outcome;
    } finally {
      const left = (this.beginning.get(principal) ?? 1) - 1;
      if (left > 0) this.beginning.set(principal, left);
      else this.beginning.delete(principal);
    }
  }

  private holding(principal: string): { sessions: Map<string, Session>; opening: number } {
    let holding = this.held.get(principal);
    if (!holding) {
      holding = { sessions: new Map(), opening: 0 };
      this.held.set(principal, holding);
    }
    return holding;
  }

  /** Drops a principal's entry once it holds nothing, so memory follows live sessions only. */
  private forgetIfIdle(principal: string): void {
    const holding = this.held.get(principal);
    if (holding && holding.sessions.size === 0 && holding.opening === 0) this.held.delete(principal);
  }
}
