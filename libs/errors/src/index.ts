export { fromGrpcError, toGrpcStatus } from "./grpc-status.ts";
export { isOnceportError, OnceportError, type OnceportErrorOptions } from "./onceport-error.ts";
export { errorDomain, isReason, type Reason, reasons } from "./reasons.ts";
