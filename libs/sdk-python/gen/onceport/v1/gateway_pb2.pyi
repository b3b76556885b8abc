from onceport.v1 import record_pb2 as _record_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class OpenSessionRequest(_message.Message):
    __slots__ = ("client_id",)
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    client_id: str
    def __init__(self, client_id: _Optional[str] = ...) -> None: ...

class OpenSessionResponse(_message.Message):
    __slots__ = ("session_id", "transactional_id", "idle_timeout_ms")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    TRANSACTIONAL_ID_FIELD_NUMBER: _ClassVar[int]
    IDLE_TIMEOUT_MS_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    transactional_id: str
    idle_timeout_ms: int
    def __init__(self, session_id: _Optional[str] = ..., transactional_id: _Optional[str] = ..., idle_timeout_ms: _Optional[int] = ...) -> None: ...

class CloseSessionRequest(_message.Message):
    __slots__ = ("session_id",)
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    def __init__(self, session_id: _Optional[str] = ...) -> None: ...

class CloseSessionResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class PublishRequest(_message.Message):
    __slots__ = ("session_id", "idempotency_key", "records")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    RECORDS_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    idempotency_key: str
    records: _containers.RepeatedCompositeFieldContainer[_record_pb2.Record]
    def __init__(self, session_id: _Optional[str] = ..., idempotency_key: _Optional[str] = ..., records: _Optional[_Iterable[_Union[_record_pb2.Record, _Mapping]]] = ...) -> None: ...

class PublishResponse(_message.Message):
    __slots__ = ("results", "duplicate")
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    DUPLICATE_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[_record_pb2.RecordResult]
    duplicate: bool
    def __init__(self, results: _Optional[_Iterable[_Union[_record_pb2.RecordResult, _Mapping]]] = ..., duplicate: _Optional[bool] = ...) -> None: ...

class BeginTransactionRequest(_message.Message):
    __slots__ = ("session_id", "idempotency_key")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    idempotency_key: str
    def __init__(self, session_id: _Optional[str] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class BeginTransactionResponse(_message.Message):
    __slots__ = ("transaction_id", "already_committed", "results")
    TRANSACTION_ID_FIELD_NUMBER: _ClassVar[int]
    ALREADY_COMMITTED_FIELD_NUMBER: _ClassVar[int]
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    transaction_id: str
    already_committed: bool
    results: _containers.RepeatedCompositeFieldContainer[_record_pb2.RecordResult]
    def __init__(self, transaction_id: _Optional[str] = ..., already_committed: _Optional[bool] = ..., results: _Optional[_Iterable[_Union[_record_pb2.RecordResult, _Mapping]]] = ...) -> None: ...

class SendRequest(_message.Message):
    __slots__ = ("session_id", "transaction_id", "records")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    TRANSACTION_ID_FIELD_NUMBER: _ClassVar[int]
    RECORDS_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    transaction_id: str
    records: _containers.RepeatedCompositeFieldContainer[_record_pb2.Record]
    def __init__(self, session_id: _Optional[str] = ..., transaction_id: _Optional[str] = ..., records: _Optional[_Iterable[_Union[_record_pb2.Record, _Mapping]]] = ...) -> None: ...

class SendResponse(_message.Message):
    __slots__ = ("results",)
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[_record_pb2.RecordResult]
    def __init__(self, results: _Optional[_Iterable[_Union[_record_pb2.RecordResult, _Mapping]]] = ...) -> None: ...

class CommitTransactionRequest(_message.Message):
    __slots__ = ("session_id", "transaction_id")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    TRANSACTION_ID_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    transaction_id: str
    def __init__(self, session_id: _Optional[str] = ..., transaction_id: _Optional[str] = ...) -> None: ...

class CommitTransactionResponse(_message.Message):
    __slots__ = ("results",)
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[_record_pb2.RecordResult]
    def __init__(self, results: _Optional[_Iterable[_Union[_record_pb2.RecordResult, _Mapping]]] = ...) -> None: ...

class AbortTransactionRequest(_message.Message):
    __slots__ = ("session_id", "transaction_id")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    TRANSACTION_ID_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    transaction_id: str
    def __init__(self, session_id: _Optional[str] = ..., transaction_id: _Optional[str] = ...) -> None: ...

class AbortTransactionResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class PublishStreamRequest(_message.Message):
    __slots__ = ("open", "publish")
    OPEN_FIELD_NUMBER: _ClassVar[int]
    PUBLISH_FIELD_NUMBER: _ClassVar[int]
    open: PublishStreamOpen
    publish: PublishStreamPublish
    def __init__(self, open: _Optional[_Union[PublishStreamOpen, _Mapping]] = ..., publish: _Optional[_Union[PublishStreamPublish, _Mapping]] = ...) -> None: ...

class PublishStreamOpen(_message.Message):
    __slots__ = ("session_id",)
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    def __init__(self, session_id: _Optional[str] = ...) -> None: ...

class PublishStreamPublish(_message.Message):
    __slots__ = ("idempotency_key", "records", "traceparent")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    RECORDS_FIELD_NUMBER: _ClassVar[int]
    TRACEPARENT_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    records: _containers.RepeatedCompositeFieldContainer[_record_pb2.Record]
    traceparent: str
    def __init__(self, idempotency_key: _Optional[str] = ..., records: _Optional[_Iterable[_Union[_record_pb2.Record, _Mapping]]] = ..., traceparent: _Optional[str] = ...) -> None: ...

class PublishStreamResponse(_message.Message):
    __slots__ = ("idempotency_key", "results", "duplicate", "error")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    DUPLICATE_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    results: _containers.RepeatedCompositeFieldContainer[_record_pb2.RecordResult]
    duplicate: bool
    error: PublishStreamError
    def __init__(self, idempotency_key: _Optional[str] = ..., results: _Optional[_Iterable[_Union[_record_pb2.RecordResult, _Mapping]]] = ..., duplicate: _Optional[bool] = ..., error: _Optional[_Union[PublishStreamError, _Mapping]] = ...) -> None: ...

class PublishStreamError(_message.Message):
    __slots__ = ("code", "reason", "message")
    CODE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    code: int
    reason: str
    message: str
    def __init__(self, code: _Optional[int] = ..., reason: _Optional[str] = ..., message: _Optional[str] = ...) -> None: ...
