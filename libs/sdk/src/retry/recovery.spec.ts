import { Metadata, status } from "@grpc/grpc-js";
import { fromGrpcError, OnceportError, type Reason, reasons, toGrpcStatus } from "@onceport/errors";
import { describe, expect, it } from "vitest";
import { recoveryFor } from "./recovery.ts";

/** An error as the SDK receives it: through a gRPC status, the way the gateway sends it. */
function overTheWire(error: OnceportError): OnceportError {
  const sent = toGrpcStatus(error);
  return fromGrpcError(
    Object.assign(new Error(sent.details), {
      code: sent.code,
      details: sent.details,
      metadata: sent.metadata,
    }),
  );
}

describe("which failures the SDK retries", () => {
  it.each<[Reason, ReturnType<typeof recoveryFor>]>([
    ["GATEWAY_UNAVAILABLE", "retry"],
    ["KAFKA_UNAVAILABLE", "retry"],
    ["SHUTTING_DOWN", "retry"],
    ["SESSION_BUSY", "retry"],
    ["SESSION_LIMIT_REACHED", "retry"],
    ["SESSION_NOT_FOUND", "reopen"],
    ["COMMIT_OUTCOME_UNKNOWN", "reopen"],
    ["PRODUCER_FENCED", "fenced"],
    ["TOPIC_NOT_FOUND", "fail"],
    ["RECORD_TOO_LARGE", "fail"],
    ["INVALID_CLIENT_ID", "fail"],
    ["MISSING_IDEMPOTENCY_KEY", "fail"],
    ["TRANSACTION_TIMED_OUT", "fail"],
    ["INTERNAL", "fail"],
    ["CLIENT_CLOSED", "fail"],
  ])("%s → %s, also after crossing the wire", (reason, expected) => {
    expect(recoveryFor(new OnceportError(reason, "m"))).toBe(expected);
    expect(recoveryFor(overTheWire(new OnceportError(reason, "m")))).toBe(expected);
  });

  it("classifies every reason (a new reason must be thought about)", () => {
    for (const reason of Object.keys(reasons) as Reason[]) {
      expect(["retry", "reopen", "fenced", "fail"]).toContain(recoveryFor(new OnceportError(reason, "m")));
    }
  });

  it("retries a call the transport cut (the answer may be lost), not other bare codes", () => {
    const bare = (code: status) =>
      fromGrpcError(Object.assign(new Error("x"), { code, details: "x", metadata: new Metadata() }));
    expect(recoveryFor(bare(status.UNAVAILABLE))).toBe("retry");
    expect(recoveryFor(bare(status.DEADLINE_EXCEEDED))).toBe("retry");
    expect(recoveryFor(bare(status.CANCELLED))).toBe("retry"); // a stopping gateway cancelled the call
    expect(recoveryFor(bare(status.UNKNOWN))).toBe("retry");
    expect(recoveryFor(bare(status.INTERNAL))).toBe("fail");
    expect(recoveryFor(bare(status.UNIMPLEMENTED))).toBe("fail");
  });

  it("does not retry the gateway's own INTERNAL answer", () => {
    expect(recoveryFor(overTheWire(new OnceportError("INTERNAL", "bug")))).toBe("fail");
  });

  it("honours a reason's retriable flag overridden by the gateway", () => {
    const notThisTime = new OnceportError("KAFKA_UNAVAILABLE", "m", { retriable: false });
    expect(recoveryFor(overTheWire(notThisTime))).toBe("fail");
  });
});
