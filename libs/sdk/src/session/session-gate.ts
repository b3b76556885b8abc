type Waiter = { readonly exclusive: boolean; readonly grant: () => void };

/**
 * The gateway runs one interactive transaction per session and refuses
 * publishes while it is open (TRANSACTION_IN_PROGRESS). So the SDK queues them
 * itself: publishes (unary or on a stream) share the session, a transaction
 * has it alone. First come, first served: a waiting transaction holds back
 * publishes that arrive after it, so a busy publisher cannot starve it.
 */
export class SessionGate {
  private shared = 0;
  private exclusive = false;
  private readonly waiters: Waiter[] = [];

  /** Resolves once the caller may publish; call `releaseShared` after the publish settled. */
  acquireShared(): Promise<void> {
    if (!this.exclusive && this.waiters.length === 0) {
      this.shared++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push({ exclusive: false, grant: resolve }));
  }

  releaseShared(): void {
    if (this.shared === 0) throw new Error("releaseShared without acquireShared");
    this.shared--;
    this.pump();
  }

  /** Resolves once the caller has the session alone; call `releaseExclusive` after. */
  acquireExclusive(): Promise<void> {
    if (!this.exclusive && this.shared === 0 && this.waiters.length === 0) {
      this.exclusive = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push({ exclusive: true, grant: resolve }));
  }

  releaseExclusive(): void {
    if (!this.exclusive) throw new Error("releaseExclusive without acquireExclusive");
    this.exclusive = false;
    this.pump();
  }

  /** Publishes running now, for diagnostics and tests. */
  get sharedCount(): number {
    return this.shared;
  }

  private pump(): void {
    while (!this.exclusive) {
      const next = this.waiters[0];
      if (!next) return;
      if (next.exclusive) {
        if (this.shared > 0) return;
        this.waiters.shift();
        this.exclusive = true;
        next.grant();
        return;
      }
      this.waiters.shift();
      this.shared++;
      next.grant();
    }
  }
}
