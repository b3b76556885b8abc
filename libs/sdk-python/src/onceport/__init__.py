"""Onceport Python SDK: exactly-once publishes to Kafka through the Onceport gateway.

    import onceport

    with onceport.connect("127.0.0.1:50051", "orders-service") as client:
        result = client.publish([onceport.Record(topic="orders", value=b"hello")])
"""

# The generated messages live in gen/onceport/v1 (onceport.v1): this makes the one
# `onceport` package span src/ and gen/ wherever both are on the path.
__path__ = __import__("pkgutil").extend_path(__path__, __name__)

from .client import Client, connect
from .errors import FencedError, OnceportError
from .publisher import Publisher
from .records import PublishResult, Record, RecordResult
from .retry import RetryPolicy
from .transaction import Transaction

__all__ = [
    "Client",
    "FencedError",
    "OnceportError",
    "PublishResult",
    "Publisher",
    "Record",
    "RecordResult",
    "RetryPolicy",
    "Transaction",
    "connect",
]
