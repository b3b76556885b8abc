import { status } from "@grpc/grpc-js";
import { isOnceportError, OnceportError } from "@onceport/errors";

/**
 * Another session of this client id took over (here or through another
 * gateway): this client can never publish again. The SDK never retries it and
 * closes the client; start a new client (after making sure the other one is
 * gone) if this process should take over.
 */
export class FencedError extends OnceportError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("PRODUCER_FENCED", message, {
      code: status.FAILED_PRECONDITION,
      retriable: false,
      cause: options.cause,
    });
    // OnceportError fixes `name` as a field; a fenced client is worth telling apart in logs.
    Object.defineProperty(this, "name", { value: "FencedError", enumerable: false });
  }
}

/** True for a FencedError, and for any OnceportError with reason PRODUCER_FENCED. */
export function isFencedError(error: unknown): error is OnceportError {
  return error instanceof FencedError || isOnceportError(error, "PRODUCER_FENCED");
}
