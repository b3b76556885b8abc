import {
  type DescMessage,
  type DescService,
  fromBinary,
  type MessageShape,
  toBinary,
} from "@bufbuild/protobuf";
import type { MethodDefinition, ServiceDefinition } from "@grpc/grpc-js";

/**
 * How requests are turned from bytes into messages. A client decodes nothing
 * of the requests it sends; a server that wants to answer malformed bytes with
 * a status and reason of its own takes them "raw" (grpc-js would answer
 * INTERNAL with no reason if decoding threw inside it) and decodes them itself.
 */
export type RequestDecoding = "decoded" | "raw";

/**
 * A `@grpc/grpc-js` service definition made from a protobuf-es service
 * descriptor, so the generated Schemas are the only generated code needed.
 * Methods are keyed by their local (lowerCamelCase) names.
 */
export function grpcServiceDefinition(
  service: DescService,
  requests: RequestDecoding = "decoded",
): ServiceDefinition {
  const definition: Record<string, MethodDefinition<unknown, unknown>> = {};
  for (const method of service.methods) {
    const serializeResponse = serializer(method.output);
    const deserializeResponse = deserializer(method.output);
    definition[method.localName] = {
      path: `/${service.typeName}/${method.name}`,
      originalName: method.localName,
      requestStream: method.methodKind === "client_streaming" || method.methodKind === "bidi_streaming",
      responseStream: method.methodKind === "server_streaming" || method.methodKind === "bidi_streaming",
      requestSerialize: serializer(method.input),
      requestDeserialize: requests === "raw" ? (bytes: Buffer) => bytes : deserializer(method.input),
      responseSerialize: serializeResponse,
      responseDeserialize: deserializeResponse,
    };
  }
  return definition;
}

function serializer<Desc extends DescMessage>(schema: Desc): (message: unknown) => Buffer {
  return (message) => {
    // A Buffer over toBinary's own fresh bytes, not a copy of them: one copy less per message.
    const bytes = toBinary(schema, message as MessageShape<Desc>);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  };
}

function deserializer<Desc extends DescMessage>(schema: Desc): (bytes: Buffer) => MessageShape<Desc> {
  return (bytes) => fromBinary(schema, bytes);
}
