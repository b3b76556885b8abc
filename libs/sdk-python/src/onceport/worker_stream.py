"""One Process stream: join, hand each batch to the handler, answer with its outputs, leave cleanly.

A clean leave stops taking batches, waits until every batch taken is acked or
rejected, then half-closes and waits for the gateway to end the stream (batches
not taken are revoked and delivered again). Nothing is written after the
half-close.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import grpc

from onceport.v1 import process_pb2

from ._rpc import ProcessStub
from .consumed import ConsumedRecord
from .errors import OnceportError
from .process_outputs import to_proto_outputs
from .process_types import (
    Acked,
    Assigned,
    Joined,
    ProcessBatch,
    ProcessHandler,
    Rejected,
    WorkerEvent,
)
from .records import results_from
from .stream_ending import ending_of
from .tracing import trace_metadata

# A leave waits this long at least for its batches' acks before it cuts the stream.
_MIN_LEAVE_WAIT = 30.0
_HALF_CLOSE = object()


@dataclass(frozen=True)
class StreamOutcome:
    """How one stream ended."""

    # The gateway accepted the join (so the next reconnect starts a fresh backoff).
    joined: bool
    # The stream's final status; None for OK.
    ending: OnceportError | None
    # Whether that ending allows joining again.
    reopen: bool
    # What the handler raised (or the bad outputs it returned): the worker stops.
    handler_failure: BaseException | None


@dataclass(frozen=True)
class _Taken:
    batch: ProcessBatch


class WorkerStream:
    def __init__(
        self,
        stub: ProcessStub,
        join: process_pb2.ProcessJoin,
        handler: ProcessHandler,
        emit: Callable[[WorkerEvent], None],
    ) -> None:
        self._stub = stub
        self._join = join
        self._handler = handler
        self._emit = emit
        self._state = threading.Condition()
        self._taken: dict[str, _Taken] = {}
        self._outbox: queue.Queue[Any] = queue.Queue()
        self._call: Any = None
        self._joined = False
        self._lease = 0.0
        self._taking = True
        self._half_closed = False
        self._ended = False
        self._leaving = False
        self._handler_failure: BaseException | None = None
        # Handlers run beside the reading of responses, so acks and the stream's end are seen
        # while they work; up to max_in_flight_batches at once, each on its own partition.
        self._handlers = ThreadPoolExecutor(
            max_workers=max(1, join.max_in_flight_batches), thread_name_prefix="onceport-handler"
        )

    def run(self) -> StreamOutcome:
        """Runs the stream to its end, on the calling thread; returns once every handler it started returned."""
        self._outbox.put(process_pb2.ProcessRequest(join=self._join))
        call = self._stub.Process(self._requests(), metadata=trace_metadata())
        with self._state:
            self._call = call
            leaving_already = self._leaving
        if leaving_already:
            self._start_leave_thread()
        ending: OnceportError | None = None
        reopen = True
        try:
            for response in call:
                self._receive(response)
        except grpc.RpcError as rpc_error:
            ending, reopen = ending_of(rpc_error)
        finally:
            with self._state:
                self._ended = True
                # Whatever is still open can no longer be committed: it is delivered again.
                for taken in self._taken.values():
                    taken.batch.cancelled.set()
                self._taken.clear()
                self._state.notify_all()
            self._outbox.put(_HALF_CLOSE)  # releases gRPC's thread waiting for the next request
            # A handler still running for a batch of this stream must not overlap the next stream's.
            self._handlers.shutdown(wait=True)
        return StreamOutcome(self._joined, ending, reopen, self._handler_failure)

    def leave(self) -> None:
        """Starts a clean leave (see the module); returns at once. ``run`` returns once it is done."""
        with self._state:
            if self._leaving:
                return
            self._leaving = True
            self._taking = False
            started = self._call is not None
        if started:
            self._start_leave_thread()

    def _start_leave_thread(self) -> None:
        threading.Thread(target=self._leave, name="onceport-worker-leave", daemon=True).start()

    def _leave(self) -> None:
        with self._state:
            deadline = time.monotonic() + max(self._lease, _MIN_LEAVE_WAIT)
            while not self._ended and self._taken and time.monotonic() < deadline:
                self._state.wait(deadline - time.monotonic())
            if self._ended:
                return
            stuck = bool(self._taken)
            if not stuck:
                self._half_closed = True
                self._outbox.put(_HALF_CLOSE)
        if stuck:
            # The gateway answers every result; one that does not within a lease is stuck. Its
            # uncommitted batches are delivered again, so cutting the stream is safe.
            self._call.cancel()

    def _requests(self) -> Iterator[process_pb2.ProcessRequest]:
        while True:
            request = self._outbox.get()
            if request is _HALF_CLOSE:
                return
            yield request

    def _receive(self, response: process_pb2.ProcessResponse) -> None:
        kind = response.WhichOneof("kind")
        if kind == "joined":
            joined = response.joined
            self._joined = True
            self._lease = joined.lease_ms / 1000
            self._emit(Joined(joined.lease_ms, joined.max_batch_records, joined.max_in_flight_batches))
        elif kind == "assignment":
            assignment = response.assignment
            partitions = {entry.topic: list(entry.partitions) for entry in assignment.partitions}
            self._emit(Assigned(assignment.member_id, partitions))
        elif kind == "batch":
            message = response.batch
            batch = ProcessBatch(
                message.batch_id,
                message.topic,
                message.partition,
                [ConsumedRecord.from_proto(record) for record in message.records],
            )
            with self._state:
                # Not taken: the gateway revokes it at the half-close and delivers it again.
                if not self._taking or self._ended:
                    return
                self._taken[batch.batch_id] = _Taken(batch)
            self._handlers.submit(self._handle, batch)
        elif kind == "ack":
            ack = response.ack
            taken = self._settle(ack.batch_id)
            self._emit(
                Acked(
                    ack.batch_id,
                    taken.batch.topic if taken else "",
                    taken.batch.partition if taken else -1,
                    len(taken.batch.records) if taken else 0,
                    results_from(ack.results),
                    ack.next_offset,
                )
            )
        elif kind == "rejected":
            rejected = response.rejected
            self._settle(rejected.batch_id)
            self._emit(Rejected(rejected.batch_id, rejected.reason, rejected.message))

    def _handle(self, batch: ProcessBatch) -> None:
        """Runs the handler on one batch and answers it, unless the stream ended or half-closed meanwhile."""
        try:
            outputs = to_proto_outputs(self._handler(batch), batch)
        except BaseException as failure:
            # After the stream ended, a handler that gave up (``cancelled``) is no failure.
            if batch.cancelled.is_set():
                return
            with self._state:
                if self._handler_failure is None:
                    self._handler_failure = failure
            self._settle(batch.batch_id)
            # Other batches may still commit; this one is revoked at the half-close and delivered again.
            self.leave()
            return
        with self._state:
            if batch.cancelled.is_set() or self._ended or self._half_closed:
                return
            self._outbox.put(
                process_pb2.ProcessRequest(result=process_pb2.ProcessResult(batch_id=batch.batch_id, outputs=outputs))
            )

    def _settle(self, batch_id: str) -> _Taken | None:
        with self._state:
            taken = self._taken.pop(batch_id, None)
            if taken is not None:
                self._state.notify_all()
            return taken
