"""The client: one session of one client id on the gateway, and publishes that land exactly once."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

import grpc

from onceport.v1 import gateway_pb2

from . import reasons
from ._rpc import GatewayStub
from .consumer import ConsumerClient
from .errors import FencedError, OnceportError, from_rpc_error
from .process_types import ProcessHandler, WorkerEvent
from .process_worker import ProcessWorker
from .publisher import Publisher
from .records import PublishResult, Record, results_from, to_protos
from .retry import Backoff, RetryPolicy
from .subscription import Reconnect, Subscription
from .tracing import trace_metadata
from .transaction import Transaction

T = TypeVar("T")

# The session is gone (closed, expired, or on another gateway) or the commit's answer was
# lost, which also ends the session: open a new one and retry with the same key.
_REOPEN = frozenset({reasons.SESSION_NOT_FOUND, reasons.COMMIT_OUTCOME_UNKNOWN})


def connect(
    address: str,
    client_id: str,
    *,
    retry: RetryPolicy | None = None,
    call_timeout: float = 30.0,
    channel: grpc.Channel | None = None,
) -> Client:
    """Opens the client's session on the gateway at ``address`` (host:port, plaintext unless ``channel`` is given).

    Opening fences every earlier session of ``client_id``, in this gateway or any other.
    """
    client = Client(address, client_id, retry=retry, call_timeout=call_timeout, channel=channel)
    try:
        client._open_session()
    except BaseException:
        client._channel.close()
        raise
    return client


class Client:
    """A client of the gateway. Use :func:`connect`; close it (or use it as a context manager) when done."""

    def __init__(
        self,
        address: str,
        client_id: str,
        *,
        retry: RetryPolicy | None = None,
        call_timeout: float = 30.0,
        channel: grpc.Channel | None = None,
    ) -> None:
        self.client_id = client_id
        self.retry = retry or RetryPolicy()
        self.call_timeout = call_timeout
        self._channel = channel or grpc.insecure_channel(address)
        self._stub = GatewayStub(self._channel)
        # Process and Subscribe use no session: the client id is only the default worker id.
        self._consumer = ConsumerClient(self._channel, self.retry, client_id)
        self._lock = threading.Lock()
        self._session_id = ""
        self._fenced: FencedError | None = None
        self._closed = False

    # --- the public API ---------------------------------------------------------------

    @property
    def session_id(self) -> str:
        return self._session_id

    def publish(self, records: Iterable[Record], idempotency_key: str | None = None) -> PublishResult:
        """Writes the records in one transaction, all or nothing, and returns where they landed.

        Without a key the SDK makes one. A lost answer, a lost session or a busy gateway is
        retried with the same key until the outcome is known: a retry of a publish that did
        commit returns its first result with ``duplicate`` set, and writes nothing.
        Raises FencedError when another session of this client id took over.
        """
        key = idempotency_key or str(uuid.uuid4())
        protos = to_protos(records)
        response = self._call(
            lambda session_id, timeout: self._stub.Publish(
                gateway_pb2.PublishRequest(session_id=session_id, idempotency_key=key, records=protos),
                timeout=timeout,
                metadata=trace_metadata(),
            )
        )
        return PublishResult(key, results_from(response.results), response.duplicate)

    def transaction(self, idempotency_key: str | None = None) -> Transaction:
        """An interactive transaction, as a context manager: commits when the block ends, aborts on an exception."""
        return Transaction(self, idempotency_key or str(uuid.uuid4()))

    def publisher(self) -> Publisher:
        """A publish stream for throughput: ``publish`` returns a future, acknowledged in order after the commit."""
        self._check_usable()
        return Publisher(self)

    def process(
        self,
        group: str,
        topics: Sequence[str] | str,
        handler: ProcessHandler,
        *,
        worker_id: str | None = None,
        max_batch_records: int = 0,
        max_in_flight_batches: int = 1,
        start_at_latest: bool = False,
        on_event: Callable[[WorkerEvent], None] | None = None,
    ) -> ProcessWorker:
        """Exactly-once consume-transform-produce: starts a worker; see :meth:`ConsumerClient.process`.

        It uses no session (so a fenced client's workers go on); ``worker_id`` defaults to the client id.
        """
        return self._consumer.process(
            group,
            topics,
            handler,
            worker_id=worker_id,
            max_batch_records=max_batch_records,
            max_in_flight_batches=max_in_flight_batches,
            start_at_latest=start_at_latest,
            on_event=on_event,
        )

    def subscribe(
        self,
        topics: Sequence[str] | str,
        *,
        position: str | None = None,
        start_at_latest: bool = False,
        on_reconnect: Callable[[Reconnect], None] | None = None,
    ) -> Subscription:
        """A read_committed reading of ``topics``, resumable from a position; see :meth:`ConsumerClient.subscribe`."""
        return self._consumer.subscribe(
            topics, position=position, start_at_latest=start_at_latest, on_reconnect=on_reconnect
        )

    def close(self) -> None:
        """Stops its workers and subscriptions, closes the session (aborting its open transaction) and the channel.

        Idempotent.
        """
        if self._closed:
            return
        self._closed = True
        self._consumer.close()
        try:
            if self._session_id and self._fenced is None:
                self._stub.CloseSession(
                    gateway_pb2.CloseSessionRequest(session_id=self._session_id), timeout=self.call_timeout
                )
        except grpc.RpcError:
            pass  # the gateway closes idle sessions itself
        finally:
            self._channel.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *_: Any) -> None:
        self.close()

    # --- for Transaction and Publisher ------------------------------------------------

    def _check_usable(self) -> None:
        if self._fenced is not None:
            raise self._fenced
        if self._closed:
            raise OnceportError(reasons.CLIENT_CLOSED, "the client is closed", grpc.StatusCode.CANCELLED, False)

    def _failed(self, error: OnceportError) -> OnceportError:
        """Records what an error means for the client: a fenced client stops for good."""
        if isinstance(error, FencedError):
            self._fenced = error
        return error

    def _call(self, attempt: Callable[[str, float], T], *, reopen: bool = True) -> T:
        """Runs ``attempt(session_id, timeout)`` until it succeeds or fails for good.

        Retries retriable errors after a backoff; on a lost session or outcome, opens a
        new session first (when ``reopen``). Never retries PRODUCER_FENCED.
        """
        backoff = Backoff(self.retry)
        while True:
            self._check_usable()
            session_id = self._session_id
            try:
                return attempt(session_id, self.call_timeout)
            except grpc.RpcError as rpc_error:
                error = self._failed(from_rpc_error(rpc_error))
            if isinstance(error, FencedError):
                raise error
            if reopen and error.reason in _REOPEN:
                self._reopen(session_id)
                continue
            if not error.retriable or not backoff.wait():
                raise error

    def _reopen(self, stale_session_id: str) -> None:
        """Opens a new session unless another thread already replaced ``stale_session_id``."""
        with self._lock:
            if self._session_id == stale_session_id:
                self._open_session_locked()

    def _open_session(self) -> None:
        with self._lock:
            self._open_session_locked()

    def _open_session_locked(self) -> None:
        backoff = Backoff(self.retry)
        while True:
            self._check_usable()
            try:
                response = self._stub.OpenSession(
                    gateway_pb2.OpenSessionRequest(client_id=self.client_id),
                    timeout=self.call_timeout,
                    metadata=trace_metadata(),
                )
                self._session_id = response.session_id
                return
            except grpc.RpcError as rpc_error:
                error = self._failed(from_rpc_error(rpc_error))
            if not error.retriable or not backoff.wait():
                raise error
