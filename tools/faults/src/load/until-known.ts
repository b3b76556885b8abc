// A load client wants every publish's outcome known, as an application that must not lose an
// order would: it calls again with the same idempotency key for as long as the SDK says the
// outcome is unknown (the SDK itself retries within its policy, then gives up with a
// retriable error), until a deadline. Only then is the outcome recorded as unknown.
import { setTimeout as sleep } from "node:timers/promises";
import { isFencedError, isOnceportError } from "@onceport/sdk";

export type Known<T> =
  | { readonly outcome: "acknowledged"; readonly value: T; readonly attempts: number }
  | { readonly outcome: "failed" | "unknown"; readonly error: unknown; readonly attempts: number };

/** Failures of a transaction after which it is known not to have committed: run it again. */
const transactionNotCommitted = new Set([
  "TRANSACTION_ABORTED",
  "TRANSACTION_TIMED_OUT",
  "TRANSACTION_NOT_FOUND",
]);

export interface UntilKnownOptions {
  /** No new attempt starts after this long since the first. */
  readonly deadlineMs: number;
  /** A transaction: its not-committed failures are retried too (the key was not written). */
  readonly transaction?: boolean;
  readonly onRetry?: (error: unknown) => void;
}

export async function untilKnown<T>(
  attempt: () => Promise<T>,
  options: UntilKnownOptions,
): Promise<Known<T>> {
  const started = Date.now();
  for (let attempts = 1; ; attempts++) {
    try {
      return { outcome: "acknowledged", value: await attempt(), attempts };
    } catch (error) {
      // Fenced: another session of this client id took over. Whether this call committed
      // first is not known, and this client can never call again.
      if (isFencedError(error)) return { outcome: "unknown", error, attempts };
      const again =
        isOnceportError(error) &&
        (error.retriable || (options.transaction === true && transactionNotCommitted.has(error.reason)));
      // Not retriable: the SDK's contract is that nothing was written.
      if (isOnceportError(error) && !again) return { outcome: "failed", error, attempts };
      if (!isOnceportError(error) || Date.now() - started > options.deadlineMs) {
        return { outcome: "unknown", error, attempts };
      }
      options.onRetry?.(error);
      await sleep(Math.min(2_000, 100 * attempts));
    }
  }
}
