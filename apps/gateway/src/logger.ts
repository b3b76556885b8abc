import { type Logger, pino } from "pino";
import { logRedaction } from "./auth/log-redaction.ts";

export type { Logger };

/** Structured JSON logs on stdout: one object a line, as log collectors expect. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: "onceport-gateway" }, redact: logRedaction });
}
