import { setTimeout as sleep } from "node:timers/promises";
import { fromGrpcError, OnceportError } from "@onceport/errors";
import type { Span } from "@opentelemetry/api";
import type { OpenedSession, SessionKeeper } from "../session/session-keeper.ts";
import { recoveryFor } from "./recovery.ts";
import { backoffDelay, type RetryPolicy } from "./retry-policy.ts";

/** Told before each retry: which call, which attempt failed, why, and the wait. */
export interface RetryEvent {
  readonly operation: string;
  /** The attempt that failed, 1 for the first. */
  readonly attempt: number;
  readonly delayMs: number;
  readonly error: OnceportError;
  /** True when the session was found gone and a new one opens before the retry. */
  readonly reopen: boolean;
  readonly idempotencyKey?: string;
}

export interface RecoveryContext {
  readonly keeper: SessionKeeper;
  readonly policy: RetryPolicy;
  readonly onRetry?: ((event: RetryEvent) => void) | undefined;
}

/**
 * Runs an idempotent call until its outcome is known: it gets the current
 * session (opening one when needed), makes one attempt, and on failure retries,
 * reopens the session first, stops for good when fenced, or fails, as
 * `recoveryFor` says. Retries are bounded by the policy; when they run out, the
 * last error is thrown with a message saying the outcome is still unknown.
 */
export async function withRecovery<T>(
  context: RecoveryContext,
  operation: string,
  attempt: (session: OpenedSession) => Promise<T>,
  options: { idempotencyKey?: string; span?: Span } = {},
): Promise<T> {
  const started = Date.now();
  for (let attempts = 1; ; attempts++) {
    context.keeper.assertUsable();
    let session: OpenedSession | undefined;
    try {
      session = await context.keeper.acquire();
      return await attempt(session);
    } catch (thrown) {
      const error = fromGrpcError(thrown);
      let recovery = recoveryFor(error);
      if (recovery === "fenced") {
        // Fenced by a session the SDK itself opened since: not a takeover.
        if (session && context.keeper.isCurrent(session)) throw context.keeper.markFenced(error);
        recovery = "retry";
      }
      if (recovery === "fail") throw error;
      if (recovery === "reopen" && session) context.keeper.invalidate(session);
      const delayMs = backoffDelay(attempts, context.policy);
      if (
        attempts >= context.policy.maxAttempts ||
        Date.now() + delayMs - started > context.policy.maxElapsedMs
      ) {
        throw gaveUp(error, operation, attempts, Date.now() - started, options.idempotencyKey);
      }
      const event: RetryEvent = {
        operation,
        attempt: attempts,
        delayMs,
        error,
        reopen: recovery === "reopen",
        ...(options.idempotencyKey === undefined ? {} : { idempotencyKey: options.idempotencyKey }),
      };
      notify(context, event, options.span);
      await sleep(delayMs);
    }
  }
}

/** Tells the listener and the span about a retry; neither may break the call. */
export function notify(context: RecoveryContext, event: RetryEvent, span?: Span): void {
  try {
    span?.addEvent("retry", {
      "onceport.attempt": event.attempt,
      "onceport.retry_delay_ms": Math.round(event.delayMs),
      "error.type": event.error.reason,
      "onceport.reopen_session": event.reopen,
    });
    context.onRetry?.(event);
  } catch {
    // An observer's failure is not the call's.
  }
}

/** The last error of a call that ran out of retries, saying what is (not) known. */
export function gaveUp(
  error: OnceportError,
  operation: string,
  attempts: number,
  elapsedMs: number,
  idempotencyKey: string | undefined,
): OnceportError {
  const unknown =
    idempotencyKey === undefined
      ? ""
      : `; whether idempotency key ${idempotencyKey} was written is unknown: retry with the same key to find out`;
  return new OnceportError(
    error.reason,
    `${operation} gave up after ${attempts} attempts in ${elapsedMs} ms: ${error.message}${unknown}`,
    { code: error.code, retriable: error.retriable, cause: error },
  );
}
