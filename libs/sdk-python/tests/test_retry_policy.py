"""The retry policy's defaults and bounds (no broker)."""

from __future__ import annotations

import onceport
from onceport.retry import Backoff
from onceport.v1 import retry_policy_pb2


def test_the_default_is_the_shared_spec() -> None:
    # Every field of the shared spec (proto/onceport/v1/retry_policy.proto) is set and lands
    # in the default policy: a field added to the spec fails here until the SDK maps it.
    spec = retry_policy_pb2.DESCRIPTOR.GetOptions().Extensions[retry_policy_pb2.retry_defaults]
    policy = onceport.RetryPolicy()
    mapped = {
        "max_attempts": policy.max_attempts,
        "initial_delay_ms": policy.initial * 1000,
        "max_delay_ms": policy.maximum * 1000,
        "multiplier": policy.multiplier,
        "max_elapsed_ms": None if policy.deadline is None else policy.deadline * 1000,
    }
    fields = retry_policy_pb2.RetryPolicySpec.DESCRIPTOR.fields
    assert sorted(field.name for field in fields) == sorted(mapped)
    for field in fields:
        want = getattr(spec, field.name)
        assert want, f"the spec sets {field.name}"
        assert mapped[field.name] == want, f"the default policy's {field.name}"


def test_max_attempts_counts_the_first_attempt() -> None:
    backoff = Backoff(onceport.RetryPolicy(initial=0, maximum=0, max_attempts=3, deadline=None))
    allowed = 0
    while backoff.next_delay() is not None and allowed <= 10:
        allowed += 1
    assert allowed == 2
