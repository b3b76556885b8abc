import type { status } from "@grpc/grpc-js";
import { type Reason, reasons } from "./reasons.ts";

export interface OnceportErrorOptions {
  /** Overrides the reason's usual gRPC code. */
  readonly code?: status;
  /** Overrides whether the reason is usually retriable. */
  readonly retriable?: boolean;
  readonly cause?: unknown;
}

/** The one error type of Onceport, from the gateway's core to the SDKs. */
export class OnceportError extends Error {
  override readonly name = "OnceportError";
  readonly code: status;
  readonly reason: Reason;
  readonly retriable: boolean;

  constructor(reason: Reason, message: string, options: OnceportErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.reason = reason;
    this.code = options.code ?? reasons[reason].code;
    this.retriable = options.retriable ?? reasons[reason].retriable;
  }

  /** Whatever was thrown, as an OnceportError: an unknown failure is INTERNAL. */
  static from(error: unknown): OnceportError {
    if (error instanceof OnceportError) return error;
    const message = error instanceof Error ? error.message : String(error);
    return new OnceportError("INTERNAL", message, { cause: error });
  }
}

export function isOnceportError(error: unknown, reason?: Reason): error is OnceportError {
  return error instanceof OnceportError && (reason === undefined || error.reason === reason);
}
