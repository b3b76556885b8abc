import { hasOption } from "@bufbuild/protobuf";
import { status } from "@grpc/grpc-js";
import { grpc_code, ReasonSchema, retriable } from "@onceport/api";
import { describe, expect, it } from "vitest";
import { isReason, type Reason, reasons } from "./reasons.ts";

// Reason stays a union of string literals: a misspelt reason does not compile.
const fenced: Reason = "PRODUCER_FENCED";
// @ts-expect-error not a reason of proto/onceport/v1/reasons.proto
const misspelt: Reason = "PRODUCER_FENSED";

describe("reasons, from the generated enum onceport.v1.Reason", () => {
  const values = ReasonSchema.values.filter((value) => value.number !== 0);

  it("has every value declare both its gRPC code and whether it is retriable", () => {
    const incomplete = values
      .filter((value) => !hasOption(value, grpc_code) || !hasOption(value, retriable))
      .map((value) => value.name);
    expect(incomplete).toEqual([]);
  });

  it("holds exactly the enum's values, the zero value aside", () => {
    expect(Object.keys(reasons).sort()).toEqual(values.map((value) => value.name).sort());
    expect(isReason("REASON_UNSPECIFIED")).toBe(false);
    expect(isReason(misspelt)).toBe(false);
  });

  it("reads each value's options as the code and retriable flag errors carry", () => {
    expect(reasons[fenced]).toEqual({ code: status.FAILED_PRECONDITION, retriable: false });
    expect(reasons.COMMIT_OUTCOME_UNKNOWN).toEqual({ code: status.UNAVAILABLE, retriable: true });
    expect(reasons.UNAUTHENTICATED).toEqual({ code: status.UNAUTHENTICATED, retriable: false });
  });
});
