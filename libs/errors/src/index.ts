export { fromGrpcError, toGrpcStatus } from "./grpc-status.ts";
export { isOnceportError, OnceportError, type OnceportErrorOptions } from "./onceport-error.ts";
export { errorDomain, isReason, type Reason, type ReasonSpec, reasons } from "./reasons.ts";
export {
  isUsageError,
  parseCommandLine,
  USAGE_EXIT_CODE,
  UsageError,
  usageErrorText,
} from "./usage-error.ts";
