from onceport.v1 import record_pb2 as _record_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ProcessRequest(_message.Message):
    __slots__ = ("join", "result")
    JOIN_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    join: ProcessJoin
    result: ProcessResult
    def __init__(self, join: _Optional[_Union[ProcessJoin, _Mapping]] = ..., result: _Optional[_Union[ProcessResult, _Mapping]] = ...) -> None: ...

class ProcessJoin(_message.Message):
    __slots__ = ("group", "topics", "worker_id", "max_batch_records", "max_in_flight_batches", "start_at_latest")
    GROUP_FIELD_NUMBER: _ClassVar[int]
    TOPICS_FIELD_NUMBER: _ClassVar[int]
    WORKER_ID_FIELD_NUMBER: _ClassVar[int]
    MAX_BATCH_RECORDS_FIELD_NUMBER: _ClassVar[int]
    MAX_IN_FLIGHT_BATCHES_FIELD_NUMBER: _ClassVar[int]
    START_AT_LATEST_FIELD_NUMBER: _ClassVar[int]
    group: str
    topics: _containers.RepeatedScalarFieldContainer[str]
    worker_id: str
    max_batch_records: int
    max_in_flight_batches: int
    start_at_latest: bool
    def __init__(self, group: _Optional[str] = ..., topics: _Optional[_Iterable[str]] = ..., worker_id: _Optional[str] = ..., max_batch_records: _Optional[int] = ..., max_in_flight_batches: _Optional[int] = ..., start_at_latest: _Optional[bool] = ...) -> None: ...

class ProcessResult(_message.Message):
    __slots__ = ("batch_id", "outputs")
    BATCH_ID_FIELD_NUMBER: _ClassVar[int]
    OUTPUTS_FIELD_NUMBER: _ClassVar[int]
    batch_id: str
    outputs: _containers.RepeatedCompositeFieldContainer[ProcessOutput]
    def __init__(self, batch_id: _Optional[str] = ..., outputs: _Optional[_Iterable[_Union[ProcessOutput, _Mapping]]] = ...) -> None: ...

class ProcessOutput(_message.Message):
    __slots__ = ("input_offset", "record", "traceparent")
    INPUT_OFFSET_FIELD_NUMBER: _ClassVar[int]
    RECORD_FIELD_NUMBER: _ClassVar[int]
    TRACEPARENT_FIELD_NUMBER: _ClassVar[int]
    input_offset: int
    record: _record_pb2.Record
    traceparent: str
    def __init__(self, input_offset: _Optional[int] = ..., record: _Optional[_Union[_record_pb2.Record, _Mapping]] = ..., traceparent: _Optional[str] = ...) -> None: ...

class ProcessResponse(_message.Message):
    __slots__ = ("joined", "assignment", "batch", "ack", "rejected")
    JOINED_FIELD_NUMBER: _ClassVar[int]
    ASSIGNMENT_FIELD_NUMBER: _ClassVar[int]
    BATCH_FIELD_NUMBER: _ClassVar[int]
    ACK_FIELD_NUMBER: _ClassVar[int]
    REJECTED_FIELD_NUMBER: _ClassVar[int]
    joined: ProcessJoined
    assignment: ProcessAssignment
    batch: ProcessBatch
    ack: ProcessAck
    rejected: ProcessRejected
    def __init__(self, joined: _Optional[_Union[ProcessJoined, _Mapping]] = ..., assignment: _Optional[_Union[ProcessAssignment, _Mapping]] = ..., batch: _Optional[_Union[ProcessBatch, _Mapping]] = ..., ack: _Optional[_Union[ProcessAck, _Mapping]] = ..., rejected: _Optional[_Union[ProcessRejected, _Mapping]] = ...) -> None: ...

class ProcessJoined(_message.Message):
    __slots__ = ("lease_ms", "max_batch_records", "max_in_flight_batches")
    LEASE_MS_FIELD_NUMBER: _ClassVar[int]
    MAX_BATCH_RECORDS_FIELD_NUMBER: _ClassVar[int]
    MAX_IN_FLIGHT_BATCHES_FIELD_NUMBER: _ClassVar[int]
    lease_ms: int
    max_batch_records: int
    max_in_flight_batches: int
    def __init__(self, lease_ms: _Optional[int] = ..., max_batch_records: _Optional[int] = ..., max_in_flight_batches: _Optional[int] = ...) -> None: ...

class ProcessAssignment(_message.Message):
    __slots__ = ("member_id", "partitions")
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    PARTITIONS_FIELD_NUMBER: _ClassVar[int]
    member_id: str
    partitions: _containers.RepeatedCompositeFieldContainer[TopicPartitions]
    def __init__(self, member_id: _Optional[str] = ..., partitions: _Optional[_Iterable[_Union[TopicPartitions, _Mapping]]] = ...) -> None: ...

class TopicPartitions(_message.Message):
    __slots__ = ("topic", "partitions")
    TOPIC_FIELD_NUMBER: _ClassVar[int]
    PARTITIONS_FIELD_NUMBER: _ClassVar[int]
    topic: str
    partitions: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, topic: _Optional[str] = ..., partitions: _Optional[_Iterable[int]] = ...) -> None: ...

class ProcessBatch(_message.Message):
    __slots__ = ("batch_id", "topic", "partition", "records")
    BATCH_ID_FIELD_NUMBER: _ClassVar[int]
    TOPIC_FIELD_NUMBER: _ClassVar[int]
    PARTITION_FIELD_NUMBER: _ClassVar[int]
    RECORDS_FIELD_NUMBER: _ClassVar[int]
    batch_id: str
    topic: str
    partition: int
    records: _containers.RepeatedCompositeFieldContainer[ConsumedRecord]
    def __init__(self, batch_id: _Optional[str] = ..., topic: _Optional[str] = ..., partition: _Optional[int] = ..., records: _Optional[_Iterable[_Union[ConsumedRecord, _Mapping]]] = ...) -> None: ...

class ConsumedRecord(_message.Message):
    __slots__ = ("topic", "partition", "offset", "key", "value", "headers", "timestamp_ms", "traceparent")
    TOPIC_FIELD_NUMBER: _ClassVar[int]
    PARTITION_FIELD_NUMBER: _ClassVar[int]
    OFFSET_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    HEADERS_FIELD_NUMBER: _ClassVar[int]
    TIMESTAMP_MS_FIELD_NUMBER: _ClassVar[int]
    TRACEPARENT_FIELD_NUMBER: _ClassVar[int]
    topic: str
    partition: int
    offset: int
    key: bytes
    value: bytes
    headers: _containers.RepeatedCompositeFieldContainer[_record_pb2.Header]
    timestamp_ms: int
    traceparent: str
    def __init__(self, topic: _Optional[str] = ..., partition: _Optional[int] = ..., offset: _Optional[int] = ..., key: _Optional[bytes] = ..., value: _Optional[bytes] = ..., headers: _Optional[_Iterable[_Union[_record_pb2.Header, _Mapping]]] = ..., timestamp_ms: _Optional[int] = ..., traceparent: _Optional[str] = ...) -> None: ...

class ProcessAck(_message.Message):
    __slots__ = ("batch_id", "results", "next_offset")
    BATCH_ID_FIELD_NUMBER: _ClassVar[int]
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_OFFSET_FIELD_NUMBER: _ClassVar[int]
    batch_id: str
    results: _containers.RepeatedCompositeFieldContainer[_record_pb2.RecordResult]
    next_offset: int
    def __init__(self, batch_id: _Optional[str] = ..., results: _Optional[_Iterable[_Union[_record_pb2.RecordResult, _Mapping]]] = ..., next_offset: _Optional[int] = ...) -> None: ...

class ProcessRejected(_message.Message):
    __slots__ = ("batch_id", "code", "reason", "message")
    BATCH_ID_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    batch_id: str
    code: int
    reason: str
    message: str
    def __init__(self, batch_id: _Optional[str] = ..., code: _Optional[int] = ..., reason: _Optional[str] = ..., message: _Optional[str] = ...) -> None: ...

class SubscribeRequest(_message.Message):
    __slots__ = ("topics", "position", "start_at_latest")
    TOPICS_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    START_AT_LATEST_FIELD_NUMBER: _ClassVar[int]
    topics: _containers.RepeatedScalarFieldContainer[str]
    position: str
    start_at_latest: bool
    def __init__(self, topics: _Optional[_Iterable[str]] = ..., position: _Optional[str] = ..., start_at_latest: _Optional[bool] = ...) -> None: ...

class SubscribeResponse(_message.Message):
    __slots__ = ("records", "position")
    RECORDS_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    records: _containers.RepeatedCompositeFieldContainer[ConsumedRecord]
    position: str
    def __init__(self, records: _Optional[_Iterable[_Union[ConsumedRecord, _Mapping]]] = ..., position: _Optional[str] = ...) -> None: ...

class SubscribePosition(_message.Message):
    __slots__ = ("offsets",)
    OFFSETS_FIELD_NUMBER: _ClassVar[int]
    offsets: _containers.RepeatedCompositeFieldContainer[PartitionOffset]
    def __init__(self, offsets: _Optional[_Iterable[_Union[PartitionOffset, _Mapping]]] = ...) -> None: ...

class PartitionOffset(_message.Message):
    __slots__ = ("topic", "partition", "next_offset")
    TOPIC_FIELD_NUMBER: _ClassVar[int]
    PARTITION_FIELD_NUMBER: _ClassVar[int]
    NEXT_OFFSET_FIELD_NUMBER: _ClassVar[int]
    topic: str
    partition: int
    next_offset: int
    def __init__(self, topic: _Optional[str] = ..., partition: _Optional[int] = ..., next_offset: _Optional[int] = ...) -> None: ...
