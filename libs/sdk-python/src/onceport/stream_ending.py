"""What the end of a Process or Subscribe stream means: open it again, or stop.

Reopening is always safe for these streams: what was not committed (Process) or
not handed to the reader (Subscribe) is simply delivered again. So every
retriable ending reopens (BATCH_LEASE_EXPIRED, SHUTTING_DOWN, KAFKA_UNAVAILABLE,
GATEWAY_UNAVAILABLE...), and so does a stream cut rather than answered.
"""

from __future__ import annotations

import grpc

from .errors import FencedError, OnceportError, from_rpc_error

_DETAILS_KEY = "grpc-status-details-bin"
# A stopping gateway cancels its open calls (CANCELLED) and a reset stream reads as UNKNOWN:
# neither is the gateway's own answer. A bare INTERNAL is not among them: it more likely
# means the two sides disagree, and reopening would not help.
_CUT = (grpc.StatusCode.CANCELLED, grpc.StatusCode.UNKNOWN)


def ending_of(rpc_error: grpc.RpcError) -> tuple[OnceportError, bool]:
    """The stream's ending as an error, and whether the stream may simply be opened again."""
    error = from_rpc_error(rpc_error)
    if isinstance(error, FencedError):
        return error, False
    return error, error.retriable or _cut_by_transport(rpc_error)


def _cut_by_transport(rpc_error: grpc.RpcError) -> bool:
    if not isinstance(rpc_error, grpc.Call) or rpc_error.code() not in _CUT:
        return False
    return not any(key == _DETAILS_KEY for key, _ in rpc_error.trailing_metadata() or ())
