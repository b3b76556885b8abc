import { setTimeout as sleep } from "node:timers/promises";
import type { BatchAnswer, OpenBatch } from "./open-batch.ts";

/** How the wait for a batch's answer ended. */
export type Waited = BatchAnswer | { readonly kind: "expired" } | { readonly kind: "revoked" };

export interface AnswerClock {
  readonly leaseMs: number;
  readonly heartbeatMs: number;
  /** When set, open batches not answered by then are revoked (a rebalance, a stop, the worker's end). */
  graceDeadline(): number | undefined;
  /** Called between waits: the group must hear from this member while the worker thinks. */
  beat(): Promise<void>;
}

/** Waits for a batch's answer, heartbeating, until its lease or the grace runs out. */
export async function awaitAnswer(batch: OpenBatch, clock: AnswerClock): Promise<Waited> {
  const leaseDeadline = batch.deliveredAt + clock.leaseMs;
  for (;;) {
    if (batch.settledWith) return batch.settledWith;
    const now = Date.now();
    if (now >= leaseDeadline) return { kind: "expired" };
    const grace = clock.graceDeadline();
    if (grace !== undefined && now >= grace) return { kind: "revoked" };
    const wait = Math.min(clock.heartbeatMs, leaseDeadline - now, (grace ?? Number.POSITIVE_INFINITY) - now);
    const answer = await firstOf(batch.answered, wait);
    if (answer) return answer;
    await clock.beat();
  }
}

/** The promise's value, or undefined after `ms`. */
async function firstOf<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  const timer = new AbortController();
  try {
    return await Promise.race([
      promise,
      sleep(ms, undefined, { signal: timer.signal }).then(
        () => undefined,
        () => undefined,
      ),
    ]);
  } finally {
    timer.abort();
  }
}
