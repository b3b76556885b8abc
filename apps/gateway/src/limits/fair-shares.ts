import { OnceportError, type Reason } from "@onceport/errors";

/**
 * A gateway-wide limit on one kind of thing (audits, subscriptions, workers, transactions),
 * with a share for each principal below it: one principal can hold its share and no more, so
 * the rest stays for the others however hard it tries.
 */
export class FairShares {
  private readonly held = new Map<string, number>();
  private count = 0;

  private readonly what: string;
  private readonly total: number;
  private readonly perPrincipal: number;
  private readonly fullReason: Reason;

  /** `fullReason`: the answer once the gateway-wide limit is reached. */
  constructor(
    what: string,
    limits: { total: number; perPrincipal: number },
    fullReason: Reason = "SESSION_LIMIT_REACHED",
  ) {
    this.what = what;
    this.total = limits.total;
    this.perPrincipal = limits.perPrincipal;
    this.fullReason = fullReason;
  }

  /** How many are held now, by everyone. */
  get size(): number {
    return this.count;
  }

  heldBy(principal: string): number {
    return this.held.get(principal) ?? 0;
  }

  /** Takes one for the principal, or refuses; the function returned gives it back (once). */
  take(principal: string): () => void {
    // A full gateway says so first: the principal's share is then not what stops it.
    if (this.count >= this.total) {
      throw new OnceportError(this.fullReason, `this gateway holds its limit of ${this.total} ${this.what}`);
    }
    const mine = this.heldBy(principal);
    if (mine >= this.perPrincipal) {
      throw new OnceportError(
        "PRINCIPAL_LIMIT_REACHED",
        `principal ${principal} holds its share of ${this.perPrincipal} ${this.what} on this gateway`,
      );
    }
    this.held.set(principal, mine + 1);
    this.count++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.count--;
      const left = this.heldBy(principal) - 1;
      // Memory follows what is held now: a principal holding nothing leaves no entry.
      if (left > 0) this.held.set(principal, left);
      else this.held.delete(principal);
    };
  }
}
