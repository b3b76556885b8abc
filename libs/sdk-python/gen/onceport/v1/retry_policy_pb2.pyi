from google.protobuf import descriptor_pb2 as _descriptor_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor
RETRY_DEFAULTS_FIELD_NUMBER: _ClassVar[int]
retry_defaults: _descriptor.FieldDescriptor

class RetryPolicySpec(_message.Message):
    __slots__ = ("max_attempts", "initial_delay_ms", "max_delay_ms", "multiplier", "max_elapsed_ms")
    MAX_ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    INITIAL_DELAY_MS_FIELD_NUMBER: _ClassVar[int]
    MAX_DELAY_MS_FIELD_NUMBER: _ClassVar[int]
    MULTIPLIER_FIELD_NUMBER: _ClassVar[int]
    MAX_ELAPSED_MS_FIELD_NUMBER: _ClassVar[int]
    max_attempts: int
    initial_delay_ms: int
    max_delay_ms: int
    multiplier: float
    max_elapsed_ms: int
    def __init__(self, max_attempts: _Optional[int] = ..., initial_delay_ms: _Optional[int] = ..., max_delay_ms: _Optional[int] = ..., multiplier: _Optional[float] = ..., max_elapsed_ms: _Optional[int] = ...) -> None: ...
