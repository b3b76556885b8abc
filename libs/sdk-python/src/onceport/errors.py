"""The one error model of Onceport, as Python exceptions.

Every gateway error is a gRPC status with a google.rpc.Status in the
``grpc-status-details-bin`` trailer holding a google.rpc.ErrorInfo (domain
"onceport.dev", a reason, metadata "retriable"). These are read once, here.
"""

from __future__ import annotations

import grpc
from google.rpc import error_details_pb2, status_pb2

from . import reasons

ERROR_DOMAIN = "onceport.dev"
_DETAILS_KEY = "grpc-status-details-bin"

# Codes that mean the call may not have reached the gateway, or its answer was lost.
_TRANSIENT = (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED)


class OnceportError(Exception):
    """An Onceport error: a machine-readable reason, the gRPC code, and whether a retry is safe."""

    def __init__(self, reason: str, message: str, code: grpc.StatusCode, retriable: bool) -> None:
        super().__init__(f"{reason}: {message}")
        self.reason = reason
        self.message = message
        self.code = code
        self.retriable = retriable


class FencedError(OnceportError):
    """Another session of this client id took over (PRODUCER_FENCED): this client can never publish again."""


def error(reason: str, message: str, code: grpc.StatusCode, retriable: bool) -> OnceportError:
    cls = FencedError if reason == reasons.PRODUCER_FENCED else OnceportError
    return cls(reason, message, code, retriable)


def from_rpc_error(rpc_error: grpc.RpcError) -> OnceportError:
    """The OnceportError a failed gRPC call means."""
    code = rpc_error.code() if isinstance(rpc_error, grpc.Call) else grpc.StatusCode.UNKNOWN
    message = (rpc_error.details() if isinstance(rpc_error, grpc.Call) else None) or str(rpc_error)
    trailers = rpc_error.trailing_metadata() if isinstance(rpc_error, grpc.Call) else None
    for key, value in trailers or ():
        if key != _DETAILS_KEY or not isinstance(value, bytes):
            continue
        try:
            status = status_pb2.Status.FromString(value)
        except Exception:  # undecodable details: fall through to the code alone
            break
        for detail in status.details:
            info = error_details_pb2.ErrorInfo()
            if detail.Unpack(info) and info.domain == ERROR_DOMAIN:
                return error(info.reason, status.message or message, code, info.metadata.get("retriable") == "true")
    transient = code in _TRANSIENT
    return OnceportError(reasons.GATEWAY_UNAVAILABLE if transient else reasons.INTERNAL, message, code, transient)
