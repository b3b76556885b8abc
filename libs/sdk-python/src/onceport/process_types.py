"""What a Process worker handles and answers, and what it tells ``on_event``."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .consumed import ConsumedRecord
from .errors import OnceportError
from .records import Record, RecordResult


@dataclass(frozen=True)
class ProcessBatch:
    """Records of one input partition, in offset order, to turn into outputs.

    ``cancelled`` is set when the batch can no longer be committed (the stream ended: a
    gateway restart, a lease that ran out...): its records will be delivered again, and
    whatever the handler returns for it now is dropped. A long handler may check it.
    """

    batch_id: str
    topic: str
    partition: int
    records: list[ConsumedRecord]
    cancelled: threading.Event = field(default_factory=threading.Event, compare=False, repr=False)


@dataclass(frozen=True)
class ProcessOutput:
    """One output record, tagged with the ``offset`` of the input record it came from.

    ``record`` is a :class:`Record` without a ``message_id`` (the gateway derives it:
    ``<group>/<topic>/<partition>/<input offset>/<index>``). ``traceparent`` is the W3C
    trace context the output was made in; empty means the gateway's consumer span of
    the input record.
    """

    input_offset: int
    record: Record
    traceparent: str = ""


ProcessHandler = Callable[[ProcessBatch], Iterable[ProcessOutput]]
"""Turns a batch into its outputs: any number per input record (none, one, several).

It MUST be deterministic (same batch, same outputs, in the same order): a batch whose
commit was lost is delivered again, and the outputs' message ids are stable only if the
handler answers alike. Side effects outside Kafka are not covered by exactly-once.
"""


@dataclass(frozen=True)
class Joined:
    """The gateway accepted the join, with the settings in force (``lease_ms``: a batch's deadline)."""

    lease_ms: int
    max_batch_records: int
    max_in_flight_batches: int


@dataclass(frozen=True)
class Assigned:
    """The partitions this worker holds since the last rebalance, by topic."""

    member_id: str
    partitions: dict[str, list[int]]


@dataclass(frozen=True)
class Acked:
    """A batch's outputs and input offsets were committed together."""

    batch_id: str
    topic: str
    partition: int
    records: int
    results: list[RecordResult]
    # The group's committed offset of the partition now: the next record to process.
    next_offset: int


@dataclass(frozen=True)
class Rejected:
    """A batch was not written (a rebalance took it back...): its records come again."""

    batch_id: str
    reason: str
    message: str


@dataclass(frozen=True)
class Reconnecting:
    """The stream ended with a retriable status; the worker joins again after ``delay`` seconds."""

    error: OnceportError
    attempt: int
    delay: float


WorkerEvent = Joined | Assigned | Acked | Rejected | Reconnecting
