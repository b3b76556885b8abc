import { Metadata, status } from "@grpc/grpc-js";
import { describe, expect, it } from "vitest";
import { fromGrpcError, toGrpcStatus } from "./grpc-status.ts";
import { OnceportError } from "./onceport-error.ts";

function asServiceError(error: OnceportError): Error & { code: number; details: string; metadata: Metadata } {
  const statusObject = toGrpcStatus(error);
  return Object.assign(new Error(statusObject.details), {
    code: statusObject.code ?? status.UNKNOWN,
    details: statusObject.details ?? "",
    metadata: statusObject.metadata ?? new Metadata(),
  });
}

describe("gRPC status mapping", () => {
  it("carries reason, code and retriable through google.rpc.Status details", () => {
    const fenced = new OnceportError("PRODUCER_FENCED", "another producer took over client c1");
    const back = fromGrpcError(asServiceError(fenced));
    expect(back.reason).toBe("PRODUCER_FENCED");
    expect(back.code).toBe(status.FAILED_PRECONDITION);
    expect(back.retriable).toBe(false);
    expect(back.message).toBe("another producer took over client c1");
  });

  it("keeps an overridden retriable flag", () => {
    const error = new OnceportError("TOPIC_NOT_FOUND", "no topic t", { retriable: true });
    expect(fromGrpcError(asServiceError(error)).retriable).toBe(true);
  });

  it("treats a bare UNAVAILABLE from the transport as retriable", () => {
    const bare = Object.assign(new Error("connection refused"), {
      code: status.UNAVAILABLE,
      details: "refused",
    });
    const mapped = fromGrpcError(bare);
    expect(mapped.retriable).toBe(true);
    expect(mapped.code).toBe(status.UNAVAILABLE);
  });

  it("maps an unknown failure to INTERNAL, not retriable", () => {
    const mapped = fromGrpcError(new TypeError("boom"));
    expect(mapped.reason).toBe("INTERNAL");
    expect(mapped.retriable).toBe(false);
  });
});
