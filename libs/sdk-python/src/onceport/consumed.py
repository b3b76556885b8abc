"""A committed record read from Kafka, as Subscribe hands it to a reader and Process to a worker."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from onceport.v1 import process_pb2


@dataclass(frozen=True)
class ConsumedRecord:
    """One record, bytes as ``bytes`` (``record.value.decode()`` is the UTF-8 text).

    ``headers`` maps each name to its last value; ``header_list`` has every header, in order,
    repeated names included. ``traceparent`` is the W3C trace context of the gateway's
    consumer span of the record (empty when the gateway does not trace): start your own
    span from it to continue the record's trace.
    """

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes
    headers: Mapping[str, bytes]
    header_list: tuple[tuple[str, bytes], ...]
    timestamp_ms: int
    traceparent: str

    @staticmethod
    def from_proto(message: process_pb2.ConsumedRecord) -> ConsumedRecord:
        header_list = tuple((header.key, header.value) for header in message.headers)
        return ConsumedRecord(
            topic=message.topic,
            partition=message.partition,
            offset=message.offset,
            key=message.key if message.HasField("key") else None,
            value=message.value,
            headers=dict(header_list),
            header_list=header_list,
            timestamp_ms=message.timestamp_ms,
            traceparent=message.traceparent,
        )
