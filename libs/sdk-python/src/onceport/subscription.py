"""Subscribe: a read_committed reading of some topics, resumable from a position token."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import grpc

from onceport.v1 import process_pb2

from . import reasons
from ._rpc import SubscribeStub
from .consumed import ConsumedRecord
from .errors import OnceportError
from .retry import Backoff, RetryPolicy
from .stream_ending import ending_of
from .tracing import trace_metadata

# A stream that stayed open this long was a working one: the next drop starts a fresh backoff.
_HEALTHY_AFTER = 5.0


@dataclass(frozen=True)
class SubscribeBatch:
    """Committed records of one partition, in offset order, and where to resume after them.

    ``position`` is an opaque token: the position after these records, in every
    partition of the subscription. Keep the last one you finished with and pass it as
    ``position=`` to resume there, in this process or another.
    """

    records: list[ConsumedRecord]
    position: str


@dataclass(frozen=True)
class Reconnect:
    """Told to ``on_reconnect`` before the subscription reopens its stream."""

    error: OnceportError
    attempt: int
    delay: float


class Subscription:
    """Use ``client.subscribe(topics)``: an iterator of :class:`SubscribeBatch`, and a context manager.

    Nothing of an aborted or open transaction is delivered. When the stream drops with
    a retriable status (a gateway restart or stop, Kafka unreachable) it reopens from
    the position of the last batch handed out, with the client's backoff: at least once,
    no gap. Iterate it once; ``close()`` (or the end of the ``with`` block) ends it, from
    any thread: the iteration then finishes after the batch in hand.
    """

    def __init__(
        self,
        stub: SubscribeStub,
        policy: RetryPolicy,
        topics: Sequence[str],
        *,
        position: str | None = None,
        start_at_latest: bool = False,
        on_reconnect: Callable[[Reconnect], None] | None = None,
        on_end: Callable[[Subscription], None] = lambda _: None,
    ) -> None:
        self._stub = stub
        self._policy = policy
        self._topics = list(topics)
        self._start_at_latest = start_at_latest
        self._on_reconnect = on_reconnect
        self._on_end = on_end
        self._position = position or None
        self._lock = threading.Lock()
        self._call: Any = None
        self._closed = False
        self._iterated = False
        self._wake = threading.Event()

    @property
    def position(self) -> str | None:
        """The position after the last batch handed out, or the one it started from.

        That is the ``position`` given, or, with ``start_at_latest``, the latest offsets
        the gateway placed the subscription at (known once the stream opened, before any
        batch): a resume from it misses nothing committed since the start.
        """
        return self._position

    def close(self) -> None:
        """Ends the subscription (idempotent, from any thread)."""
        with self._lock:
            self._closed = True
            call = self._call
        self._wake.set()
        if call is not None:
            call.cancel()
        self._on_end(self)

    def __enter__(self) -> Subscription:
        return self

    def __exit__(self, *_: Any) -> None:
        self.close()

    def __iter__(self) -> Iterator[SubscribeBatch]:
        with self._lock:
            if self._iterated:
                raise RuntimeError("a subscription is iterated once; subscribe again to read again")
            self._iterated = True
        return self._batches()

    def _batches(self) -> Iterator[SubscribeBatch]:
        backoff = Backoff(self._policy)
        attempt = 0
        try:
            while not self._closed:
                opened = time.monotonic()
                request = process_pb2.SubscribeRequest(
                    topics=self._topics, position=self._position or "", start_at_latest=self._start_at_latest
                )
                call = self._stub.Subscribe(request, metadata=trace_metadata())
                with self._lock:
                    self._call = call
                    if self._closed:
                        call.cancel()
                try:
                    for response in call:
                        attempt = 0
                        backoff = Backoff(self._policy)
                        # Handed out: once the reader asks for the next batch, it is done with this one.
                        self._position = response.position
                        # A position without records (where a start at the latest offsets began):
                        # kept for a resume, nothing to hand out.
                        if not response.records:
                            continue
                        yield SubscribeBatch([ConsumedRecord.from_proto(r) for r in response.records], response.position)
                        if self._closed:
                            return
                    # A subscription has no end of its own: an OK end is the gateway letting go.
                    drop = OnceportError(
                        reasons.GATEWAY_UNAVAILABLE, "the gateway ended the subscription", grpc.StatusCode.UNAVAILABLE, True
                    )
                except grpc.RpcError as rpc_error:
                    if self._closed:
                        return
                    drop, reopen = ending_of(rpc_error)
                    if not reopen:
                        raise drop from None
                finally:
                    call.cancel()
                if time.monotonic() - opened >= _HEALTHY_AFTER:
                    attempt = 0
                    backoff = Backoff(self._policy)
                attempt += 1
                delay = backoff.next_delay()
                if delay is None:
                    raise drop
                if self._on_reconnect is not None:
                    try:
                        self._on_reconnect(Reconnect(drop, attempt, delay))
                    except Exception:
                        pass  # an observer's failure is not the subscription's
                self._wake.wait(delay)
        finally:
            with self._lock:
                self._closed = True
                self._call = None
            self._on_end(self)
