"""Onceport Python SDK: exactly-once publishes, consume-transform-produce and reading, through the Onceport gateway.

    import onceport

    with onceport.connect("127.0.0.1:50051", "orders-service") as client:
        result = client.publish([onceport.Record(topic="orders", value=b"hello")])
        with client.subscribe(["orders"]) as subscription:
            for batch in subscription:
                ...  # batch.records, then batch.position to resume after them
"""

# The generated messages live in gen/onceport/v1 (onceport.v1): this makes the one
# `onceport` package span src/ and gen/ wherever both are on the path.
__path__ = __import__("pkgutil").extend_path(__path__, __name__)

from .client import Client, connect
from .consumed import ConsumedRecord
from .consumer import ConsumerClient, consumer_client
from .errors import FencedError, OnceportError
from .process_outputs import each_record
from .process_types import (
    Acked,
    Assigned,
    Joined,
    ProcessBatch,
    ProcessHandler,
    ProcessOutput,
    Reconnecting,
    Rejected,
    WorkerEvent,
)
from .process_worker import ProcessWorker
from .publisher import Publisher
from .records import PublishResult, Record, RecordResult
from .retry import RetryPolicy
from .subscription import Reconnect, SubscribeBatch, Subscription
from .transaction import Transaction

__all__ = [
    "Acked",
    "Assigned",
    "Client",
    "ConsumedRecord",
    "ConsumerClient",
    "FencedError",
    "Joined",
    "OnceportError",
    "ProcessBatch",
    "ProcessHandler",
    "ProcessOutput",
    "ProcessWorker",
    "PublishResult",
    "Publisher",
    "Reconnect",
    "Reconnecting",
    "Record",
    "RecordResult",
    "Rejected",
    "RetryPolicy",
    "SubscribeBatch",
    "Subscription",
    "Transaction",
    "WorkerEvent",
    "connect",
    "consumer_client",
    "each_record",
]
