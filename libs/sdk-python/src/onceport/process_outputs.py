"""A handler's outputs as the API's, and handlers made from a per-record transform."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import grpc

from onceport.v1 import process_pb2

from . import reasons
from .consumed import ConsumedRecord
from .errors import OnceportError
from .process_types import ProcessBatch, ProcessHandler, ProcessOutput
from .records import Record

RecordOutputs = Record | Iterable[Record] | None
"""What a per-record transform returns: the record's outputs (one, several, or None)."""


def each_record(transform: Callable[[ConsumedRecord, ProcessBatch], RecordOutputs]) -> ProcessHandler:
    """A handler made from a per-record transform: each input record's outputs are tagged with its offset.

    The transform runs on one record at a time, in offset order, and must be deterministic::

        client.process("eur", ["payments"], onceport.each_record(
            lambda record, batch: onceport.Record(topic="payments-eur", value=convert(record.value))))
    """

    def handler(batch: ProcessBatch) -> list[ProcessOutput]:
        outputs: list[ProcessOutput] = []
        for record in batch.records:
            produced = transform(record, batch)
            if produced is None:
                continue
            for output in [produced] if isinstance(produced, Record) else produced:
                outputs.append(ProcessOutput(record.offset, output))
        return outputs

    return handler


def to_proto_outputs(outputs: Iterable[ProcessOutput], batch: ProcessBatch) -> list[process_pb2.ProcessOutput]:
    """The outputs as the API's. Mistakes the gateway would answer by ending the stream at once
    (an input offset not in the batch, a message id or an ``onceport-`` header of the worker's
    own) are raised here instead, as the handler's failure, so the worker still leaves cleanly."""
    offsets = {record.offset for record in batch.records}
    messages: list[process_pb2.ProcessOutput] = []
    for index, output in enumerate(outputs):
        if not isinstance(output, ProcessOutput):
            raise _invalid(f"output {index} is a {type(output).__name__}, not a ProcessOutput (batch {batch.batch_id})")
        if output.input_offset not in offsets:
            raise _invalid(
                f"output {index} names input offset {output.input_offset}, which is not in batch "
                f"{batch.batch_id} ({batch.topic}/{batch.partition})"
            )
        if output.record.message_id:
            raise _invalid(f"output {index} sets a message id: the gateway derives it from the input record")
        for name in output.record.headers:
            if name.lower().startswith("onceport-"):
                raise OnceportError(
                    reasons.RESERVED_HEADER,
                    f'output {index}: header names starting "onceport-" are reserved (header {name})',
                    grpc.StatusCode.INVALID_ARGUMENT,
                    False,
                )
        messages.append(
            process_pb2.ProcessOutput(
                input_offset=output.input_offset, record=output.record.to_proto(), traceparent=output.traceparent
            )
        )
    return messages


def _invalid(message: str) -> OnceportError:
    return OnceportError(reasons.INVALID_ARGUMENT, message, grpc.StatusCode.INVALID_ARGUMENT, False)
