from onceport.v1 import record_pb2 as _record_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Receipt(_message.Message):
    __slots__ = ("client_id", "entries", "session_marker", "committed_at_ms")
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    SESSION_MARKER_FIELD_NUMBER: _ClassVar[int]
    COMMITTED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    client_id: str
    entries: _containers.RepeatedCompositeFieldContainer[ReceiptEntry]
    session_marker: str
    committed_at_ms: int
    def __init__(self, client_id: _Optional[str] = ..., entries: _Optional[_Iterable[_Union[ReceiptEntry, _Mapping]]] = ..., session_marker: _Optional[str] = ..., committed_at_ms: _Optional[int] = ...) -> None: ...

class ReceiptEntry(_message.Message):
    __slots__ = ("idempotency_key", "results", "request_fingerprint")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    REQUEST_FINGERPRINT_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    results: _containers.RepeatedCompositeFieldContainer[_record_pb2.RecordResult]
    request_fingerprint: bytes
    def __init__(self, idempotency_key: _Optional[str] = ..., results: _Optional[_Iterable[_Union[_record_pb2.RecordResult, _Mapping]]] = ..., request_fingerprint: _Optional[bytes] = ...) -> None: ...
