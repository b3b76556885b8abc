// Shared by every service folder: what a caller is told of a failure, and what is logged.
import { OnceportError } from "@onceport/errors";
import type { Logger } from "../logger.ts";

/** An error as the caller will see it; unexpected ones are logged, since the caller learns little. */
export function asReportedError(error: unknown, path: string, logger: Logger): OnceportError {
  const reported = OnceportError.from(error);
  if (reported.reason === "INTERNAL") logger.error({ err: error, path }, "internal error");
  return reported;
}
