from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class RunAuditRequest(_message.Message):
    __slots__ = ("topics", "ledger_jsonl", "lso_grace_ms")
    TOPICS_FIELD_NUMBER: _ClassVar[int]
    LEDGER_JSONL_FIELD_NUMBER: _ClassVar[int]
    LSO_GRACE_MS_FIELD_NUMBER: _ClassVar[int]
    topics: _containers.RepeatedScalarFieldContainer[str]
    ledger_jsonl: str
    lso_grace_ms: int
    def __init__(self, topics: _Optional[_Iterable[str]] = ..., ledger_jsonl: _Optional[str] = ..., lso_grace_ms: _Optional[int] = ...) -> None: ...

class RunAuditResponse(_message.Message):
    __slots__ = ("progress", "report")
    PROGRESS_FIELD_NUMBER: _ClassVar[int]
    REPORT_FIELD_NUMBER: _ClassVar[int]
    progress: AuditProgress
    report: AuditReport
    def __init__(self, progress: _Optional[_Union[AuditProgress, _Mapping]] = ..., report: _Optional[_Union[AuditReport, _Mapping]] = ...) -> None: ...

class AuditProgress(_message.Message):
    __slots__ = ("phase", "records", "offsets")
    PHASE_FIELD_NUMBER: _ClassVar[int]
    RECORDS_FIELD_NUMBER: _ClassVar[int]
    OFFSETS_FIELD_NUMBER: _ClassVar[int]
    phase: str
    records: int
    offsets: int
    def __init__(self, phase: _Optional[str] = ..., records: _Optional[int] = ..., offsets: _Optional[int] = ...) -> None: ...

class AuditReport(_message.Message):
    __slots__ = ("verdict", "anomalies", "json", "text")
    VERDICT_FIELD_NUMBER: _ClassVar[int]
    ANOMALIES_FIELD_NUMBER: _ClassVar[int]
    JSON_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    verdict: str
    anomalies: int
    json: str
    text: str
    def __init__(self, verdict: _Optional[str] = ..., anomalies: _Optional[int] = ..., json: _Optional[str] = ..., text: _Optional[str] = ...) -> None: ...
