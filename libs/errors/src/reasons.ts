import { type DescEnumValue, getOption, hasOption } from "@bufbuild/protobuf";
import type { status } from "@grpc/grpc-js";
import { grpc_code, ReasonSchema, type Reason as ReasonValue, retriable } from "@onceport/api";

/**
 * A reason's name, as it travels in google.rpc.ErrorInfo.reason: one of the values of
 * the enum onceport.v1.Reason (proto/onceport/v1/reasons.proto), the zero value aside.
 */
export type Reason = Exclude<keyof typeof ReasonValue, "REASON_UNSPECIFIED">;

/**
 * What a reason means to a caller: its gRPC code, and whether the same call may simply be
 * retried. A retry of a publish is always made with the same idempotency key, so
 * "retriable" never risks a duplicate.
 */
export interface ReasonSpec {
  readonly code: status;
  readonly retriable: boolean;
}

/** The spec a Reason value declares in its options; a value without both is a broken contract. */
export function reasonSpec(value: DescEnumValue): ReasonSpec {
  if (!hasOption(value, grpc_code) || !hasOption(value, retriable)) {
    throw new Error(`onceport.v1.Reason.${value.name} must declare both (grpc_code) and (retriable)`);
  }
  // google.rpc.Code and grpc-js's status number the canonical codes alike.
  return { code: getOption(value, grpc_code) as number as status, retriable: getOption(value, retriable) };
}

/** Every reason Onceport answers with, read from the generated enum's options. */
export const reasons: Readonly<Record<Reason, ReasonSpec>> = Object.freeze(
  Object.fromEntries(
    ReasonSchema.values.filter((value) => value.number !== 0).map((value) => [value.name, reasonSpec(value)]),
  ) as Record<Reason, ReasonSpec>,
);

export function isReason(value: string): value is Reason {
  return Object.hasOwn(reasons, value);
}

/** The domain of every ErrorInfo Onceport writes. */
export const errorDomain = "onceport.dev";
