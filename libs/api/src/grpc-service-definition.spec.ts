import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { grpcServiceDefinition } from "./grpc-service-definition.ts";
import { GatewayService, PublishRequestSchema } from "./index.ts";

describe("grpcServiceDefinition", () => {
  const definition = grpcServiceDefinition(GatewayService);

  it("names every method by its full gRPC path", () => {
    expect(definition.publish?.path).toBe("/onceport.v1.GatewayService/Publish");
    expect(Object.keys(definition)).toHaveLength(GatewayService.methods.length);
  });

  it("marks the streaming kinds", () => {
    expect(definition.publishStream?.requestStream).toBe(true);
    expect(definition.publishStream?.responseStream).toBe(true);
    expect(definition.publish?.requestStream).toBe(false);
  });

  it("round-trips a request through the method's serializers", () => {
    const request = create(PublishRequestSchema, { sessionId: "s", idempotencyKey: "k" });
    const method = definition.publish;
    if (!method) throw new Error("no publish method");
    const decoded = method.requestDeserialize(method.requestSerialize(request)) as typeof request;
    expect(decoded.idempotencyKey).toBe("k");
  });

  it("leaves requests as bytes in raw mode", () => {
    const raw = grpcServiceDefinition(GatewayService, "raw").publish;
    const bytes = Buffer.from([1, 2, 3]);
    expect(raw?.requestDeserialize(bytes)).toBe(bytes);
  });
});
