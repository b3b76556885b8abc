"""Process and Subscribe streams that end retriably, against an in-process gRPC server (no broker):
the worker joins again and its cut batch is dropped, the subscription resumes from its position."""

from __future__ import annotations

import queue
import threading
from concurrent import futures

import grpc
import onceport
import pytest
from google.protobuf import any_pb2
from google.rpc import error_details_pb2, status_pb2
from onceport.v1 import process_pb2, record_pb2

FAST = onceport.RetryPolicy(initial=0.001, maximum=0.01)
GUARD_SECONDS = 30


def _abort(context: grpc.ServicerContext, reason: str, code: grpc.StatusCode, retriable: bool) -> None:
    info = error_details_pb2.ErrorInfo(reason=reason, domain="onceport.dev", metadata={"retriable": str(retriable).lower()})
    packed = any_pb2.Any()
    packed.Pack(info)
    details = status_pb2.Status(code=code.value[0], message="scripted", details=[packed]).SerializeToString()
    context.set_trailing_metadata((("grpc-status-details-bin", details),))
    context.abort(code, "scripted")


def _record(offset: int) -> process_pb2.ConsumedRecord:
    return process_pb2.ConsumedRecord(topic="in", partition=0, offset=offset, value=f"v{offset}".encode())


class FakeProcess:
    """Stream 1: a batch, then BATCH_LEASE_EXPIRED before any answer. Stream 2: the batch again, its ack, an OK end at the half-close."""

    def __init__(self) -> None:
        self.joins = 0
        self.results: list[process_pb2.ProcessResult] = []

    def process(self, requests, context):
        first = next(requests)
        assert first.WhichOneof("kind") == "join"
        self.joins += 1
        yield process_pb2.ProcessResponse(joined=process_pb2.ProcessJoined(lease_ms=1000, max_batch_records=10))
        batch = process_pb2.ProcessBatch(batch_id=f"b{self.joins}", topic="in", partition=0, records=[_record(0), _record(1)])
        yield process_pb2.ProcessResponse(batch=batch)
        if self.joins == 1:
            _abort(context, "BATCH_LEASE_EXPIRED", grpc.StatusCode.ABORTED, True)
        result = next(requests).result
        self.results.append(result)
        yield process_pb2.ProcessResponse(
            ack=process_pb2.ProcessAck(
                batch_id=result.batch_id,
                results=[record_pb2.RecordResult(topic="out", partition=0, offset=i) for i in range(len(result.outputs))],
                next_offset=2,
            )
        )
        for _ in requests:  # until the worker half-closes
            pass


class FakeSubscribe:
    """Stream 1: one batch, then SHUTTING_DOWN. Stream 2: the next batch, then open until cancelled."""

    def __init__(self) -> None:
        self.positions: list[str] = []

    def subscribe(self, request, context):
        self.positions.append(request.position)
        if len(self.positions) == 1:
            yield process_pb2.SubscribeResponse(records=[_record(0)], position="after-0")
            _abort(context, "SHUTTING_DOWN", grpc.StatusCode.UNAVAILABLE, True)
        yield process_pb2.SubscribeResponse(records=[_record(1)], position="after-1")
        cancelled = threading.Event()
        context.add_callback(cancelled.set)
        cancelled.wait(GUARD_SECONDS)


@pytest.fixture
def server():
    started = futures.ThreadPoolExecutor(max_workers=8)
    grpc_server = grpc.server(started)
    process, subscribe = FakeProcess(), FakeSubscribe()
    grpc_server.add_generic_rpc_handlers(
        (
            grpc.method_handlers_generic_handler(
                "onceport.v1.ProcessService",
                {
                    "Process": grpc.stream_stream_rpc_method_handler(
                        process.process,
                        request_deserializer=process_pb2.ProcessRequest.FromString,
                        response_serializer=process_pb2.ProcessResponse.SerializeToString,
                    )
                },
            ),
            grpc.method_handlers_generic_handler(
                "onceport.v1.SubscribeService",
                {
                    "Subscribe": grpc.unary_stream_rpc_method_handler(
                        subscribe.subscribe,
                        request_deserializer=process_pb2.SubscribeRequest.FromString,
                        response_serializer=process_pb2.SubscribeResponse.SerializeToString,
                    )
                },
            ),
        )
    )
    port = grpc_server.add_insecure_port("127.0.0.1:0")
    grpc_server.start()
    yield process, subscribe, f"127.0.0.1:{port}"
    grpc_server.stop(None)


def test_a_worker_joins_again_after_a_lease_expired_and_drops_the_cut_batchs_answer(server):
    fake, _, address = server
    events: queue.Queue[onceport.WorkerEvent] = queue.Queue()
    batches: list[onceport.ProcessBatch] = []

    def handler(batch: onceport.ProcessBatch) -> list[onceport.ProcessOutput]:
        batches.append(batch)
        if len(batches) == 1:  # a slow handler: the stream ends while it works
            assert batch.cancelled.wait(GUARD_SECONDS)
        return [onceport.ProcessOutput(r.offset, onceport.Record(topic="out", value=r.value)) for r in batch.records]

    with onceport.consumer_client(address, client_id="w", retry=FAST) as consumer:
        worker = consumer.process("g", "in", handler, on_event=events.put)
        seen = []
        while not seen or not isinstance(seen[-1], onceport.Acked):
            seen.append(events.get(timeout=GUARD_SECONDS))
        worker.stop(GUARD_SECONDS)

    reconnect = next(event for event in seen if isinstance(event, onceport.Reconnecting))
    assert reconnect.error.reason == "BATCH_LEASE_EXPIRED" and reconnect.attempt == 1
    assert [type(event) for event in seen].count(onceport.Joined) == 2
    assert fake.joins == 2
    # Only the second stream's batch was answered: the first answer, made after the cut, was dropped.
    assert [(result.batch_id, [o.input_offset for o in result.outputs]) for result in fake.results] == [("b2", [0, 1])]
    assert seen[-1].batch_id == "b2" and seen[-1].records == 2 and seen[-1].next_offset == 2


def test_a_subscription_resumes_from_the_last_position_after_a_retriable_ending(server):
    _, fake, address = server
    reconnects: list[onceport.Reconnect] = []
    with onceport.consumer_client(address, retry=FAST) as consumer:
        with consumer.subscribe("in", position="start", on_reconnect=reconnects.append) as subscription:
            read = []
            for batch in subscription:
                read.extend(record.offset for record in batch.records)
                if len(read) == 2:
                    break
            assert subscription.position == "after-1"
    assert read == [0, 1]
    assert fake.positions == ["start", "after-0"]
    assert [r.error.reason for r in reconnects] == ["SHUTTING_DOWN"]
