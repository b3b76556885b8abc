"""Bounded exponential backoff with full jitter, for retries with the same idempotency key."""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from dataclasses import dataclass

from onceport.v1 import retry_policy_pb2

# The default of every Onceport SDK, declared once as the option retry_defaults of
# proto/onceport/v1/retry_policy.proto and read from its generated descriptor.
DEFAULTS: retry_policy_pb2.RetryPolicySpec = retry_policy_pb2.DESCRIPTOR.GetOptions().Extensions[
    retry_policy_pb2.retry_defaults
]


@dataclass(frozen=True)
class RetryPolicy:
    """How long to wait between retries.

    A publish whose outcome is unknown is retried until it is known or the
    policy's bounds say to give up: ``max_attempts`` (None for no limit) counts
    the first attempt, ``deadline`` (seconds, or None for no limit) bounds how
    long the SDK keeps trying before it gives the last retriable error back to
    the caller.
    """

    initial: float = DEFAULTS.initial_delay_ms / 1000
    maximum: float = DEFAULTS.max_delay_ms / 1000
    multiplier: float = DEFAULTS.multiplier
    deadline: float | None = DEFAULTS.max_elapsed_ms / 1000
    max_attempts: int | None = DEFAULTS.max_attempts

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
        self._retries_left = None if policy.max_attempts is None else policy.max_attempts - 1

    def wait(self) -> bool:
        """Sleeps before the next attempt; False when the deadline or the attempts do not allow one."""
        delay = self.next_delay()
        if delay is None:
            return False
        time.sleep(delay)
        return True

    def next_delay(self) -> float | None:
        """The wait before the next attempt, or None when the deadline or the attempts do not allow one.

        For callers that must be woken while they wait (a worker or a subscription
        being stopped): they sleep on their own event instead of ``time.sleep``.
        """
        if self._retries_left is not None:
            if self._retries_left <= 0:
                return None
            self._retries_left -= 1
        delay = next(self._delays)
        if self._give_up_at is not None and time.monotonic() + delay > self._give_up_at:
            return None
        return delay
