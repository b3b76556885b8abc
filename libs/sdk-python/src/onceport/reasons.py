"""The reasons the Python SDK acts on or raises itself.

Each is spelled by the generated enum onceport.v1.Reason (proto/onceport/v1/reasons.proto),
the one table of reasons, codes and retriable of every Onceport language: a reason that
leaves the proto fails this module's import.
"""

from __future__ import annotations

from onceport.v1 import reasons_pb2 as _pb


def _name(value: _pb.Reason) -> str:
    return _pb.Reason.Name(value)


PRODUCER_FENCED = _name(_pb.PRODUCER_FENCED)
SESSION_NOT_FOUND = _name(_pb.SESSION_NOT_FOUND)
COMMIT_OUTCOME_UNKNOWN = _name(_pb.COMMIT_OUTCOME_UNKNOWN)
TRANSACTION_ABORTED = _name(_pb.TRANSACTION_ABORTED)
TRANSACTION_NOT_FOUND = _name(_pb.TRANSACTION_NOT_FOUND)
INVALID_ARGUMENT = _name(_pb.INVALID_ARGUMENT)
RESERVED_HEADER = _name(_pb.RESERVED_HEADER)
GATEWAY_UNAVAILABLE = _name(_pb.GATEWAY_UNAVAILABLE)
INTERNAL = _name(_pb.INTERNAL)
# Raised by the SDK, not the gateway: its owner closed the client, publisher, worker or subscription.
CLIENT_CLOSED = _name(_pb.CLIENT_CLOSED)
