"""The publish stream: many publishes in flight, acknowledged in order once committed.

The stream's first message binds it to the session (``open``); each publish then
carries its idempotency key. When the stream breaks, every publish not yet
acknowledged is sent again, with its key, on a new stream (on a new session when
the old one is gone), so a publish that did commit is answered as a duplicate
and written once.
"""

from __future__ import annotations

import queue
import threading
import uuid
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import grpc

from onceport.v1 import gateway_pb2

from . import reasons
from .errors import FencedError, OnceportError, error, from_rpc_error
from .records import PublishResult, Record, results_from, to_protos
from .retry import Backoff
from .tracing import trace_metadata

if TYPE_CHECKING:
    from .client import Client

_REOPEN = frozenset({reasons.SESSION_NOT_FOUND, reasons.COMMIT_OUTCOME_UNKNOWN})
_STOP = object()


@dataclass
class _Pending:
    key: str
    message: gateway_pb2.PublishStreamRequest
    future: Future = field(default_factory=Future)


class Publisher:
    """Use ``client.publisher()``; ``publish`` returns a Future of a PublishResult. Close (or ``with``) to flush."""

    def __init__(self, client: Client) -> None:
        self._client = client
        self._lock = threading.Condition()
        self._unacked: deque[_Pending] = deque()
        # Each stream reads its own queue: a dead stream's sender can never take a publish
        # meant for the next stream (which resends every unacknowledged one itself).
        self._outbox: queue.Queue[Any] = queue.Queue()
        self._closing = False
        self._failure: OnceportError | None = None
        self._thread = threading.Thread(target=self._run, name="onceport-publisher", daemon=True)
        self._thread.start()

    def publish(self, records: Iterable[Record], idempotency_key: str | None = None) -> Future:
        """Queues a publish; the Future resolves once its transaction committed (or fails with a typed error)."""
        key = idempotency_key or str(uuid.uuid4())
        message = gateway_pb2.PublishStreamRequest(
            publish=gateway_pb2.PublishStreamPublish(idempotency_key=key, records=to_protos(records))
        )
        with self._lock:
            if self._failure is not None:
                raise self._failure
            if self._closing:
                raise OnceportError(reasons.CLIENT_CLOSED, "the publisher is closed", grpc.StatusCode.CANCELLED, False)
            pending = _Pending(key, message)
            self._unacked.append(pending)
            self._outbox.put(pending)
        return pending.future

    def flush(self, timeout: float | None = None) -> None:
        """Waits until every publish so far is acknowledged (or failed)."""
        with self._lock:
            if not self._lock.wait_for(lambda: not self._unacked, timeout):
                raise TimeoutError("publishes are still unacknowledged")

    def close(self, timeout: float | None = None) -> None:
        """Flushes, then ends the stream."""
        try:
            self.flush(timeout)
        finally:
            with self._lock:
                self._closing = True
                self._outbox.put(_STOP)
            self._thread.join(timeout)

    def __enter__(self) -> Publisher:
        return self

    def __exit__(self, *_: Any) -> None:
        self.close()

    # --- the stream, on the publisher's thread ----------------------------------------

    def _run(self) -> None:
        backoff = Backoff(self._client.retry)
        while True:
            with self._lock:
                if self._closing and not self._unacked:
                    return
            session_id = self._client.session_id
            try:
                self._client._check_usable()
                self._stream(session_id)
                # Ended without an error: by our close, or by a gateway stopping gracefully.
                with self._lock:
                    if self._closing and not self._unacked:
                        return
                backoff.wait()
                continue
            except grpc.RpcError as rpc_error:
                failure = self._client._failed(from_rpc_error(rpc_error))
            except OnceportError as failed:
                failure = failed
            if isinstance(failure, FencedError):
                self._fail_all(failure)
                return
            try:
                if failure.reason in _REOPEN:
                    self._client._reopen(session_id)
                    continue
                if failure.retriable and backoff.wait():
                    continue
            except OnceportError as reopen_failure:
                failure = reopen_failure
            self._fail_all(failure)
            return

    def _stream(self, session_id: str) -> None:
        """One stream: resend what is unacknowledged, then send new publishes as they come."""
        outbox: queue.Queue[Any] = queue.Queue()
        with self._lock:
            resend = list(self._unacked)
            self._outbox.put(_STOP)  # ends the previous stream's sender, if it still waits
            self._outbox = outbox
            if self._closing:
                outbox.put(_STOP)

        def requests() -> Iterator[gateway_pb2.PublishStreamRequest]:
            yield gateway_pb2.PublishStreamRequest(open=gateway_pb2.PublishStreamOpen(session_id=session_id))
            for pending in resend:
                yield pending.message
            while True:
                item = outbox.get()
                if item is _STOP:
                    return
                yield item.message

        for response in self._client._stub.PublishStream(requests(), metadata=trace_metadata()):
            self._acknowledge(response)

    def _acknowledge(self, response: gateway_pb2.PublishStreamResponse) -> None:
        with self._lock:
            pending = self._unacked.popleft() if self._unacked else None
            self._lock.notify_all()
        if pending is None:
            return
        if response.HasField("error"):
            failure = response.error
            code = _status_code(failure.code)
            pending.future.set_exception(error(failure.reason, failure.message, code, False))
        else:
            pending.future.set_result(PublishResult(pending.key, results_from(response.results), response.duplicate))

    def _fail_all(self, failure: OnceportError) -> None:
        with self._lock:
            self._failure = failure
            failed = list(self._unacked)
            self._unacked.clear()
            self._lock.notify_all()
        for pending in failed:
            pending.future.set_exception(failure)


def _status_code(value: int) -> grpc.StatusCode:
    for code in grpc.StatusCode:
        if code.value[0] == value:
            return code
    return grpc.StatusCode.UNKNOWN
