import { type Logger, pino } from "pino";

export type { Logger };

/** Structured JSON logs on stdout: one object a line, as log collectors expect. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: "onceport-gateway" } });
}
