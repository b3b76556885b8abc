"""Bounded exponential backoff with full jitter, for retries with the same idempotency key."""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class RetryPolicy:
    """How long to wait between retries.

    A publish whose outcome is unknown is retried until it is known: ``deadline``
    (seconds, or None for no limit) only bounds how long the SDK keeps trying
    before it gives the last retriable error back to the caller.
    """

    initial: float = 0.1
    maximum: float = 5.0
    multiplier: float = 2.0
    deadline: float | None = None

    def delays(self) -> Iterator[float]:
        """Yields the sleep before each retry: random in [0, min(maximum, initial * multiplier**n)]."""
        ceiling = self.initial
        while True:
            yield random.uniform(0, ceiling)
            ceiling = min(self.maximum, ceiling * self.multiplier)


class Backoff:
    """One operation's retries under a policy."""

    def __init__(self, policy: RetryPolicy) -> None:
        self._delays = policy.delays()
        self._give_up_at = None if policy.deadline is None else time.monotonic() + policy.deadline

    def wait(self) -> bool:
        """Sleeps before the next attempt; False when the deadline does not allow one."""
        delay = self.next_delay()
        if delay is None:
            return False
        time.sleep(delay)
        return True

    def next_delay(self) -> float | None:
        """The wait before the next attempt, or None when the deadline does not allow one.

        For callers that must be woken while they wait (a worker or a subscription
        being stopped): they sleep on their own event instead of ``time.sleep``.
        """
        delay = next(self._delays)
        if self._give_up_at is not None and time.monotonic() + delay > self._give_up_at:
            return None
        return delay
