"""A running Process worker: joins the group, and joins again by itself after a retriable ending."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

import grpc

from onceport.v1 import process_pb2

from . import reasons
from ._rpc import ProcessStub
from .errors import OnceportError
from .process_types import ProcessHandler, Reconnecting, WorkerEvent
from .retry import Backoff, RetryPolicy
from .worker_stream import WorkerStream


class ProcessWorker:
    """Use ``client.process(group, topics, handler)``; ``stop()`` it, or use it as a context manager.

    It hands each batch to the handler and answers with the outputs, which the gateway
    commits with the input offsets in one Kafka transaction. When the stream ends with a
    retriable status (the gateway restarted or stops, a lease ran out, Kafka was
    unreachable) it joins again, with the client's backoff counted from its last join;
    what was not committed is delivered again, so every input's outputs are written
    exactly once. It runs on a thread of its own.
    """

    def __init__(
        self,
        stub: ProcessStub,
        policy: RetryPolicy,
        join: process_pb2.ProcessJoin,
        handler: ProcessHandler,
        on_event: Callable[[WorkerEvent], None] | None = None,
        on_end: Callable[[ProcessWorker], None] = lambda _: None,
    ) -> None:
        self.group = join.group
        self.worker_id = join.worker_id
        self._stub = stub
        self._policy = policy
        self._join = join
        self._handler = handler
        self._on_event = on_event
        self._on_end = on_end
        self._lock = threading.Lock()
        self._stopping = False
        self._current: WorkerStream | None = None
        self._wake = threading.Event()
        self._done: Future[None] = Future()
        self._thread = threading.Thread(target=self._main, name=f"onceport-worker-{self.worker_id}", daemon=True)
        self._thread.start()

    def stop(self, timeout: float | None = None) -> None:
        """Leaves the group cleanly, then returns as :meth:`wait` does.

        It takes no more batches, waits until the batches being handled are committed (or
        rejected), then ends the stream; batches not taken go to the group's other workers.
        """
        with self._lock:
            self._stopping = True
            current = self._current
        self._wake.set()
        if current is not None:
            current.leave()
        self.wait(timeout)

    def wait(self, timeout: float | None = None) -> None:
        """Blocks until the worker ended; raises what ended it, unless that was ``stop()``.

        That is the handler's exception, an ending that is not retriable (``TOPIC_NOT_FOUND``,
        ``PERMISSION_DENIED``, a refused output...), or the last retriable one when the
        client's retry policy ran out. Raises TimeoutError if it is still running after ``timeout``.
        """
        self._done.result(timeout)

    def done(self) -> bool:
        """True once the worker ended."""
        return self._done.done()

    def __enter__(self) -> ProcessWorker:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *_: Any) -> None:
        if exc_type is None:
            self.stop()
            return
        try:
            self.stop()
        except Exception:
            pass  # the block's own exception is what the caller needs

    def _main(self) -> None:
        try:
            self._run()
        except BaseException as failure:
            self._done.set_exception(failure)
        else:
            self._done.set_result(None)
        finally:
            self._on_end(self)

    def _run(self) -> None:
        backoff = Backoff(self._policy)
        attempt = 0
        while True:
            stream = WorkerStream(self._stub, self._join, self._handler, self._emit)
            with self._lock:
                if self._stopping:
                    return
                self._current = stream
            outcome = stream.run()
            with self._lock:
                self._current = None
            if outcome.handler_failure is not None:
                raise outcome.handler_failure
            if outcome.ending is not None and not outcome.reopen:
                raise outcome.ending
            if self._stopping:
                return
            # OK is only the answer to a half-close; anything else ending the stream is a drop.
            drop = outcome.ending or OnceportError(
                reasons.GATEWAY_UNAVAILABLE, "the gateway ended the worker's stream", grpc.StatusCode.UNAVAILABLE, True
            )
            if outcome.joined:
                attempt = 0
                backoff = Backoff(self._policy)
            attempt += 1
            delay = backoff.next_delay()
            if delay is None:
                raise drop
            self._emit(Reconnecting(drop, attempt, delay))
            self._wake.wait(delay)
            with self._lock:
                if self._stopping:
                    return

    def _emit(self, event: WorkerEvent) -> None:
        if self._on_event is None:
            return
        try:
            self._on_event(event)
        except Exception:
            pass  # an observer's failure is not the worker's
