"""The gateway's gRPC client, bound to the service descriptor of the generated module.

grpcio's stub generator ships only inside grpcio-tools (a Python extension, no
protoc plugin binary), so instead of a second generator, as the TypeScript side
does with protobuf-es, one generic function turns the descriptor protoc already
generated into callables: ``channel.unary_unary(path, serializer, deserializer)``.
The same function serves every service of the API.
"""

from __future__ import annotations

from typing import Any

import grpc
from google.protobuf import message_factory
from google.protobuf.descriptor import ServiceDescriptor

from onceport.v1 import gateway_pb2, process_pb2


class _ServiceStub:
    """One callable per method of a service, named as in the proto (OpenSession, Process, ...)."""

    def __init__(self, channel: grpc.Channel, service: ServiceDescriptor) -> None:
        for method in service.methods:
            path = f"/{service.full_name}/{method.name}"
            request = message_factory.GetMessageClass(method.input_type)
            response = message_factory.GetMessageClass(method.output_type)
            factory = _callable_factory(channel, method.client_streaming, method.server_streaming)
            setattr(
                self,
                method.name,
                factory(path, request_serializer=request.SerializeToString, response_deserializer=response.FromString),
            )

    def __getattr__(self, name: str) -> Any:  # for type checkers: methods are set in __init__
        raise AttributeError(name)


class GatewayStub(_ServiceStub):
    """onceport.v1.GatewayService: sessions, publishes, transactions, the publish stream."""

    def __init__(self, channel: grpc.Channel) -> None:
        super().__init__(channel, gateway_pb2.DESCRIPTOR.services_by_name["GatewayService"])


class ProcessStub(_ServiceStub):
    """onceport.v1.ProcessService: a worker's stream."""

    def __init__(self, channel: grpc.Channel) -> None:
        super().__init__(channel, process_pb2.DESCRIPTOR.services_by_name["ProcessService"])


class SubscribeStub(_ServiceStub):
    """onceport.v1.SubscribeService: read_committed reading."""

    def __init__(self, channel: grpc.Channel) -> None:
        super().__init__(channel, process_pb2.DESCRIPTOR.services_by_name["SubscribeService"])


def _callable_factory(channel: grpc.Channel, client_streaming: bool, server_streaming: bool) -> Any:
    if client_streaming and server_streaming:
        return channel.stream_stream
    if client_streaming:
        return channel.stream_unary
    if server_streaming:
        return channel.unary_stream
    return channel.unary_unary
