"""What callers publish and get back, as plain dataclasses (the protobuf messages stay inside)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from onceport.v1 import record_pb2


@dataclass(frozen=True)
class Record:
    """One record to write. ``partition`` None lets the gateway pick as Kafka's default partitioner would."""

    topic: str
    value: bytes
    key: bytes | None = None
    partition: int | None = None
    headers: Mapping[str, bytes] = field(default_factory=dict)
    # A unique id for the audit; empty lets the gateway derive "<idempotency key>/<index>".
    message_id: str = ""

    def to_proto(self) -> record_pb2.Record:
        message = record_pb2.Record(
            topic=self.topic,
            value=self.value,
            message_id=self.message_id,
            headers=[record_pb2.Header(key=k, value=v) for k, v in self.headers.items()],
        )
        if self.key is not None:
            message.key = self.key
        if self.partition is not None:
            message.partition = self.partition
        return message


@dataclass(frozen=True)
class RecordResult:
    """Where a record landed."""

    topic: str
    partition: int
    offset: int
    message_id: str

    @staticmethod
    def from_proto(message: record_pb2.RecordResult) -> RecordResult:
        return RecordResult(message.topic, message.partition, message.offset, message.message_id)


@dataclass(frozen=True)
class PublishResult:
    """A committed publish: where each record landed, in order; ``duplicate`` when the key was published before."""

    idempotency_key: str
    results: list[RecordResult]
    duplicate: bool


def to_protos(records: Iterable[Record]) -> list[record_pb2.Record]:
    return [record.to_proto() for record in records]


def results_from(messages: Iterable[record_pb2.RecordResult]) -> list[RecordResult]:
    return [RecordResult.from_proto(message) for message in messages]
