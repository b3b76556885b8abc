// The one rule for a write's outcome when the ledger has several lines for it, shared by the
// audit and by writers that resume from their own ledger (the fault suite's client processes):
// if the two read the same lines differently, a check judges something other than what the
// writer acted on.
import type { Outcome } from "./ledger-entry.ts";

/**
 * A write's outcome once one more of its ledger lines is read, the lines taken in the order they
 * were written (fold them from `undefined`): **the last word counts, except that an
 * acknowledgement is final.**
 *
 * The last word, because each line is what the writer knew when it wrote it, and a writer learns
 * in order. A process that may be killed writes "unknown" before it sends (what it would know if
 * it died then), then what it learnt; and a later answer about an id covers the earlier attempts
 * too: every attempt carries the same idempotency key, so a retry whose key had committed is
 * answered with that first result (acknowledged), and a definite failure means that no attempt
 * wrote anything (a new session fences the earlier one before the retry runs). Hence:
 * - unknown, then failed: failed (it must never be visible: the failed-visible check judges it);
 * - unknown, then acknowledged: acknowledged;
 * - failed, then unknown (sent again, say by a resumed process, and the answer lost): unknown,
 *   visible at most once; failed, then acknowledged: acknowledged.
 *
 * Final, because a committed transaction cannot be undone: a line after an acknowledgement (a
 * stale intent written again, a retry refused after the first attempt committed) cannot make
 * the record unwritten, so it says less than the acknowledgement did.
 */
export function outcomeAfter(previous: Outcome | undefined, line: Outcome): Outcome {
  return previous === "acknowledged" ? previous : line;
}
