"""Workers and subscriptions: Process and Subscribe need no session, only the channel and a retry policy."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

import grpc

from onceport.v1 import process_pb2

from . import reasons
from ._rpc import ProcessStub, SubscribeStub
from .errors import OnceportError
from .process_types import ProcessHandler, WorkerEvent
from .process_worker import ProcessWorker
from .retry import RetryPolicy
from .subscription import Reconnect, Subscription


def consumer_client(
    address: str,
    *,
    client_id: str | None = None,
    retry: RetryPolicy | None = None,
    channel: grpc.Channel | None = None,
) -> ConsumerClient:
    """A client for ``process()`` and ``subscribe()`` only, on ``address`` (plaintext unless ``channel`` is given).

    It opens no session, so it fences nobody: replicas of a worker, or a reader beside a
    publisher, may share a client id. ``client_id`` is the default ``worker_id``.
    """
    return ConsumerClient(channel or grpc.insecure_channel(address), retry or RetryPolicy(), client_id, owns_channel=True)


class ConsumerClient:
    """Starts workers and subscriptions; ``close()`` (or ``with``) stops them all, then the channel it owns."""

    def __init__(
        self, channel: grpc.Channel, retry: RetryPolicy, client_id: str | None, *, owns_channel: bool = False
    ) -> None:
        self.client_id = client_id
        self.retry = retry
        self._channel = channel
        self._owns_channel = owns_channel
        self._process = ProcessStub(channel)
        self._subscribe = SubscribeStub(channel)
        self._lock = threading.Lock()
        self._workers: set[ProcessWorker] = set()
        self._subscriptions: set[Subscription] = set()
        self._closed = False

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
        """Starts a worker of consumer group ``group`` on the input ``topics``; see :class:`ProcessWorker`.

        ``handler(batch)`` returns the batch's outputs (:class:`ProcessOutput`, each tagged
        with its input record's offset); :func:`each_record` makes one from a per-record
        transform. It must be deterministic. ``worker_id`` (default: the client id) is
        written as ``onceport-client-id`` on every output. ``max_batch_records`` 0 means the
        gateway's limit; up to ``max_in_flight_batches`` batches, of different partitions,
        are handled at once (on as many threads). ``start_at_latest``: partitions with no
        committed offset in the group start at their latest offset instead of their earliest.
        ``on_event`` is told joins, assignments, acks, rejections and reconnects.
        """
        worker_id = worker_id or self.client_id
        if not worker_id:
            raise OnceportError(
                reasons.INVALID_ARGUMENT,
                "process() needs a worker_id (or a client_id to default to)",
                grpc.StatusCode.INVALID_ARGUMENT,
                False,
            )
        join = process_pb2.ProcessJoin(
            group=group,
            topics=_topic_list(topics),
            worker_id=worker_id,
            max_batch_records=max_batch_records,
            max_in_flight_batches=max_in_flight_batches,
            start_at_latest=start_at_latest,
        )
        with self._lock:
            self._check_open()
            worker = ProcessWorker(self._process, self.retry, join, handler, on_event, self._forget_worker)
            if not worker.done():
                self._workers.add(worker)
        return worker

    def subscribe(
        self,
        topics: Sequence[str] | str,
        *,
        position: str | None = None,
        start_at_latest: bool = False,
        on_reconnect: Callable[[Reconnect], None] | None = None,
    ) -> Subscription:
        """A read_committed reading of ``topics``: iterate it for :class:`SubscribeBatch` es.

        ``position``: a token from an earlier batch of a subscription to the same topics,
        to resume right after it (default: from the start). ``start_at_latest``: partitions
        without a position start at their latest offset. See :class:`Subscription`.
        """
        with self._lock:
            self._check_open()
            subscription = Subscription(
                self._subscribe,
                self.retry,
                _topic_list(topics),
                position=position,
                start_at_latest=start_at_latest,
                on_reconnect=on_reconnect,
                on_end=self._forget_subscription,
            )
            self._subscriptions.add(subscription)
        return subscription

    def close(self) -> None:
        """Stops every worker cleanly and ends every subscription, then closes the channel if it owns it."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            workers, subscriptions = list(self._workers), list(self._subscriptions)
        for subscription in subscriptions:
            subscription.close()
        for worker in workers:
            try:
                worker.stop()
            except Exception:
                pass  # its failure is the caller's to see through the worker itself
        if self._owns_channel:
            self._channel.close()

    def __enter__(self) -> ConsumerClient:
        return self

    def __exit__(self, *_: Any) -> None:
        self.close()

    def _check_open(self) -> None:
        if self._closed:
            raise OnceportError(reasons.CLIENT_CLOSED, "the client is closed", grpc.StatusCode.CANCELLED, False)

    def _forget_worker(self, worker: ProcessWorker) -> None:
        with self._lock:
            self._workers.discard(worker)

    def _forget_subscription(self, subscription: Subscription) -> None:
        with self._lock:
            self._subscriptions.discard(subscription)


def _topic_list(topics: Sequence[str] | str) -> list[str]:
    # One topic may be given alone: a str is a sequence of one-letter "topics" otherwise.
    return [topics] if isinstance(topics, str) else list(topics)
