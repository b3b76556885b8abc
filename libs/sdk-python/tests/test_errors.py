"""Decoding the gateway's error details, and retries, against an in-process gRPC server (no broker)."""

from __future__ import annotations

from concurrent import futures

import grpc
import onceport
import pytest
from google.protobuf import any_pb2
from google.rpc import error_details_pb2, status_pb2
from onceport.v1 import gateway_pb2


def _details(reason: str, retriable: bool, code: grpc.StatusCode, message: str) -> bytes:
    info = error_details_pb2.ErrorInfo(reason=reason, domain="onceport.dev", metadata={"retriable": str(retriable).lower()})
    packed = any_pb2.Any()
    packed.Pack(info)
    return status_pb2.Status(code=code.value[0], message=message, details=[packed]).SerializeToString()


class FakeGateway:
    """Answers OpenSession, and Publish with the scripted failures first."""

    def __init__(self, failures: list[tuple[str, bool, grpc.StatusCode]]) -> None:
        self.failures = failures
        self.publish_keys: list[str] = []
        self.sessions = 0
        self.metadata: list[dict[str, str]] = []

    def open_session(self, request, context):
        self.sessions += 1
        self.metadata.append(dict(context.invocation_metadata()))
        return gateway_pb2.OpenSessionResponse(session_id=f"s{self.sessions}")

    def publish(self, request, context):
        self.publish_keys.append(request.idempotency_key)
        if self.failures:
            reason, retriable, code = self.failures.pop(0)
            context.set_trailing_metadata((("grpc-status-details-bin", _details(reason, retriable, code, "scripted")),))
            context.abort(code, "scripted")
        return gateway_pb2.PublishResponse(duplicate=len(self.publish_keys) > 1)


@pytest.fixture
def fake():
    def start(failures):
        gateway = FakeGateway(failures)
        server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
        handler = grpc.method_handlers_generic_handler(
            "onceport.v1.GatewayService",
            {
                "OpenSession": grpc.unary_unary_rpc_method_handler(
                    gateway.open_session,
                    request_deserializer=gateway_pb2.OpenSessionRequest.FromString,
                    response_serializer=gateway_pb2.OpenSessionResponse.SerializeToString,
                ),
                "Publish": grpc.unary_unary_rpc_method_handler(
                    gateway.publish,
                    request_deserializer=gateway_pb2.PublishRequest.FromString,
                    response_serializer=gateway_pb2.PublishResponse.SerializeToString,
                ),
            },
        )
        server.add_generic_rpc_handlers((handler,))
        port = server.add_insecure_port("127.0.0.1:0")
        server.start()
        started.append(server)
        return gateway, f"127.0.0.1:{port}"

    started: list[grpc.Server] = []
    yield start
    for server in started:
        server.stop(None)


FAST = onceport.RetryPolicy(initial=0.001, maximum=0.01)
RECORD = [onceport.Record(topic="t", value=b"v")]


def test_retriable_reasons_are_retried_with_the_same_key(fake):
    gateway, address = fake([("KAFKA_UNAVAILABLE", True, grpc.StatusCode.UNAVAILABLE)] * 3)
    with onceport.connect(address, "c", retry=FAST) as client:
        result = client.publish(RECORD)
    assert len(gateway.publish_keys) == 4 and len(set(gateway.publish_keys)) == 1
    assert result.idempotency_key == gateway.publish_keys[0]


def test_a_lost_session_or_outcome_reopens_a_session_and_retries_with_the_same_key(fake):
    gateway, address = fake(
        [
            ("SESSION_NOT_FOUND", False, grpc.StatusCode.NOT_FOUND),
            ("COMMIT_OUTCOME_UNKNOWN", True, grpc.StatusCode.UNAVAILABLE),
        ]
    )
    with onceport.connect(address, "c", retry=FAST) as client:
        result = client.publish(RECORD, idempotency_key="k")
        assert client.session_id == "s3"
    assert gateway.sessions == 3
    assert gateway.publish_keys == ["k", "k", "k"]
    assert result.duplicate


def test_fenced_is_never_retried_and_stops_the_client(fake):
    gateway, address = fake([("PRODUCER_FENCED", False, grpc.StatusCode.FAILED_PRECONDITION)])
    client = onceport.connect(address, "c", retry=FAST)
    with pytest.raises(onceport.FencedError) as fenced:
        client.publish(RECORD)
    assert (fenced.value.reason, fenced.value.code, fenced.value.retriable) == (
        "PRODUCER_FENCED",
        grpc.StatusCode.FAILED_PRECONDITION,
        False,
    )
    with pytest.raises(onceport.FencedError):
        client.publish(RECORD)
    assert len(gateway.publish_keys) == 1 and gateway.sessions == 1
    client.close()


def test_a_non_retriable_reason_is_raised_as_is(fake):
    gateway, address = fake([("TOPIC_NOT_FOUND", False, grpc.StatusCode.NOT_FOUND)])
    with onceport.connect(address, "c", retry=FAST) as client, pytest.raises(onceport.OnceportError) as failed:
        client.publish(RECORD)
    assert failed.value.reason == "TOPIC_NOT_FOUND" and failed.value.code == grpc.StatusCode.NOT_FOUND
    assert len(gateway.publish_keys) == 1


def test_retries_stop_at_the_policy_deadline(fake):
    gateway, address = fake([("SESSION_BUSY", True, grpc.StatusCode.RESOURCE_EXHAUSTED)] * 1000)
    policy = onceport.RetryPolicy(initial=0.01, maximum=0.02, deadline=0.2)
    with onceport.connect(address, "c", retry=policy) as client, pytest.raises(onceport.OnceportError) as failed:
        client.publish(RECORD)
    assert failed.value.reason == "SESSION_BUSY" and failed.value.retriable
    assert 2 < len(gateway.publish_keys) < 1000


def test_the_trace_context_travels_as_w3c_traceparent(fake):
    from opentelemetry import context, trace
    from opentelemetry.trace import NonRecordingSpan, SpanContext, TraceFlags

    gateway, address = fake([])
    span = NonRecordingSpan(SpanContext(0x0AF7651916CD43DD8448EB211C80319C, 0xB7AD6B7169203331, False, TraceFlags(1)))
    token = context.attach(trace.set_span_in_context(span))
    try:
        onceport.connect(address, "c").close()
    finally:
        context.detach(token)
    assert gateway.metadata[0]["traceparent"] == "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
