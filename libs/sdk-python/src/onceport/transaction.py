"""An interactive transaction: begin, send..., then commit or abort."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import grpc

from onceport.v1 import gateway_pb2

from . import reasons
from .errors import OnceportError, from_rpc_error
from .records import PublishResult, Record, RecordResult, results_from, to_protos
from .tracing import trace_metadata

if TYPE_CHECKING:
    from .client import Client

# A commit whose answer did not come back: the outcome is learned, not guessed.
_OUTCOME_UNKNOWN = frozenset({reasons.COMMIT_OUTCOME_UNKNOWN, reasons.SESSION_NOT_FOUND, reasons.GATEWAY_UNAVAILABLE})


class Transaction:
    """Use as ``with client.transaction() as tx: tx.send([...])``.

    The block's end commits; an exception in it aborts, then propagates. When a
    transaction with the same idempotency key committed before, nothing is begun:
    ``already_committed`` is True, ``send`` writes nothing, and the result is the
    first transaction's.
    """

    def __init__(self, client: Client, idempotency_key: str) -> None:
        self._client = client
        self.idempotency_key = idempotency_key
        self.already_committed = False
        self.result: PublishResult | None = None
        self._transaction_id = ""
        self._session_id = ""
        self._ended = False

    def __enter__(self) -> Transaction:
        self._begin()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *_: Any) -> None:
        if exc_type is None:
            self.commit()
        elif not self._ended:
            try:
                self.abort()
            except OnceportError:
                pass  # the block's own exception is what the caller needs; the gateway aborts on its timeout

    def send(self, records: Iterable[Record]) -> list[RecordResult]:
        """Sends records in the transaction; they become visible only if it commits.

        Not retried: a resent batch could be written twice within the transaction. A
        failure aborts the transaction; retry the whole transaction with the same key.
        """
        if self.already_committed:
            return []
        self._check_open()
        request = gateway_pb2.SendRequest(
            session_id=self._session_id, transaction_id=self._transaction_id, records=to_protos(records)
        )
        try:
            response = self._client._stub.Send(request, timeout=self._client.call_timeout, metadata=trace_metadata())
        except grpc.RpcError as rpc_error:
            self._ended = True
            raise self._client._failed(from_rpc_error(rpc_error)) from None
        return results_from(response.results)

    def commit(self) -> PublishResult:
        """Commits; when the answer is lost, asks the gateway (by the key) whether it committed."""
        if self.already_committed and self.result is not None:
            return self.result
        self._check_open()
        self._ended = True
        request = gateway_pb2.CommitTransactionRequest(
            session_id=self._session_id, transaction_id=self._transaction_id
        )
        try:
            response = self._client._stub.CommitTransaction(
                request, timeout=self._client.call_timeout, metadata=trace_metadata()
            )
        except grpc.RpcError as rpc_error:
            error = self._client._failed(from_rpc_error(rpc_error))
            if error.reason not in _OUTCOME_UNKNOWN:
                raise error from None
            return self._learn_outcome(error)
        self.result = PublishResult(self.idempotency_key, results_from(response.results), False)
        return self.result

    def abort(self) -> None:
        """Aborts: nothing sent in the transaction becomes visible."""
        if self.already_committed or self._ended:
            return
        self._ended = True
        request = gateway_pb2.AbortTransactionRequest(
            session_id=self._session_id, transaction_id=self._transaction_id
        )
        try:
            self._client._stub.AbortTransaction(request, timeout=self._client.call_timeout, metadata=trace_metadata())
        except grpc.RpcError as rpc_error:
            raise self._client._failed(from_rpc_error(rpc_error)) from None

    def _begin(self) -> None:
        def attempt(session_id: str, timeout: float) -> gateway_pb2.BeginTransactionResponse:
            self._session_id = session_id
            return self._client._stub.BeginTransaction(
                gateway_pb2.BeginTransactionRequest(session_id=session_id, idempotency_key=self.idempotency_key),
                timeout=timeout,
                metadata=trace_metadata(),
            )

        response = self._client._call(attempt)
        if response.already_committed:
            self.already_committed = True
            self.result = PublishResult(self.idempotency_key, results_from(response.results), True)
        else:
            self._transaction_id = response.transaction_id

    def _learn_outcome(self, cause: OnceportError) -> PublishResult:
        """Begins again with the same key: the gateway answers ``already_committed`` if the commit landed."""
        if cause.reason != reasons.GATEWAY_UNAVAILABLE:  # the session ended with the lost answer
            self._client._reopen(self._session_id)
        self._ended = False
        self._begin()
        if self.already_committed and self.result is not None:
            return self.result
        # It did not commit (Kafka aborted it): release the transaction just begun.
        self.abort()
        raise OnceportError(
            reasons.TRANSACTION_ABORTED,
            f"the transaction {self.idempotency_key} did not commit ({cause.reason}); run it again with the same key",
            grpc.StatusCode.ABORTED,
            True,
        ) from cause

    def _check_open(self) -> None:
        self._client._check_usable()
        if self._ended:
            raise OnceportError(reasons.TRANSACTION_NOT_FOUND, "the transaction has ended", grpc.StatusCode.FAILED_PRECONDITION, False)
