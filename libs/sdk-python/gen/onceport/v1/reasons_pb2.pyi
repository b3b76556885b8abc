from onceport.v1 import reason_options_pb2 as _reason_options_pb2
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from typing import ClassVar as _ClassVar

DESCRIPTOR: _descriptor.FileDescriptor

class Reason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REASON_UNSPECIFIED: _ClassVar[Reason]
    PRODUCER_FENCED: _ClassVar[Reason]
    SESSION_NOT_FOUND: _ClassVar[Reason]
    SESSION_LIMIT_REACHED: _ClassVar[Reason]
    SESSION_BUSY: _ClassVar[Reason]
    TRANSACTION_NOT_FOUND: _ClassVar[Reason]
    TRANSACTION_IN_PROGRESS: _ClassVar[Reason]
    TRANSACTION_TIMED_OUT: _ClassVar[Reason]
    TRANSACTION_ABORTED: _ClassVar[Reason]
    COMMIT_OUTCOME_UNKNOWN: _ClassVar[Reason]
    INVALID_ARGUMENT: _ClassVar[Reason]
    MALFORMED_REQUEST: _ClassVar[Reason]
    MISSING_IDEMPOTENCY_KEY: _ClassVar[Reason]
    IDEMPOTENCY_KEY_REUSED: _ClassVar[Reason]
    EMPTY_PUBLISH: _ClassVar[Reason]
    INVALID_CLIENT_ID: _ClassVar[Reason]
    RESERVED_HEADER: _ClassVar[Reason]
    TOPIC_NOT_FOUND: _ClassVar[Reason]
    PARTITION_NOT_FOUND: _ClassVar[Reason]
    RECORD_TOO_LARGE: _ClassVar[Reason]
    REQUEST_TOO_LARGE: _ClassVar[Reason]
    TOO_MANY_RECORDS: _ClassVar[Reason]
    STREAM_NOT_OPEN: _ClassVar[Reason]
    BATCH_LEASE_EXPIRED: _ClassVar[Reason]
    BATCH_REVOKED: _ClassVar[Reason]
    UNAUTHENTICATED: _ClassVar[Reason]
    PERMISSION_DENIED: _ClassVar[Reason]
    PRINCIPAL_SESSION_LIMIT_REACHED: _ClassVar[Reason]
    PRINCIPAL_LIMIT_REACHED: _ClassVar[Reason]
    TRANSACTION_LIMIT_REACHED: _ClassVar[Reason]
    RATE_LIMITED: _ClassVar[Reason]
    KAFKA_UNAVAILABLE: _ClassVar[Reason]
    GATEWAY_UNAVAILABLE: _ClassVar[Reason]
    SHUTTING_DOWN: _ClassVar[Reason]
    INTERNAL: _ClassVar[Reason]
    CLIENT_CLOSED: _ClassVar[Reason]
    AUDIT_INCOMPLETE: _ClassVar[Reason]
    AUDIT_LIMIT_REACHED: _ClassVar[Reason]
REASON_UNSPECIFIED: Reason
PRODUCER_FENCED: Reason
SESSION_NOT_FOUND: Reason
SESSION_LIMIT_REACHED: Reason
SESSION_BUSY: Reason
TRANSACTION_NOT_FOUND: Reason
TRANSACTION_IN_PROGRESS: Reason
TRANSACTION_TIMED_OUT: Reason
TRANSACTION_ABORTED: Reason
COMMIT_OUTCOME_UNKNOWN: Reason
INVALID_ARGUMENT: Reason
MALFORMED_REQUEST: Reason
MISSING_IDEMPOTENCY_KEY: Reason
IDEMPOTENCY_KEY_REUSED: Reason
EMPTY_PUBLISH: Reason
INVALID_CLIENT_ID: Reason
RESERVED_HEADER: Reason
TOPIC_NOT_FOUND: Reason
PARTITION_NOT_FOUND: Reason
RECORD_TOO_LARGE: Reason
REQUEST_TOO_LARGE: Reason
TOO_MANY_RECORDS: Reason
STREAM_NOT_OPEN: Reason
BATCH_LEASE_EXPIRED: Reason
BATCH_REVOKED: Reason
UNAUTHENTICATED: Reason
PERMISSION_DENIED: Reason
PRINCIPAL_SESSION_LIMIT_REACHED: Reason
PRINCIPAL_LIMIT_REACHED: Reason
TRANSACTION_LIMIT_REACHED: Reason
RATE_LIMITED: Reason
KAFKA_UNAVAILABLE: Reason
GATEWAY_UNAVAILABLE: Reason
SHUTTING_DOWN: Reason
INTERNAL: Reason
CLIENT_CLOSED: Reason
AUDIT_INCOMPLETE: Reason
AUDIT_LIMIT_REACHED: Reason
