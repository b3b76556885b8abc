// librdkafka's log lines and client errors, routed to the options' logger. librdkafka reports
// every broker disconnect as a client error and reconnects by itself: those go out at debug,
// so that a logger at warn stays quiet while the cluster is healthy.
import type { KafkaLogger, KafkaLogLevel } from "../../client.ts";
import { isTransientClientError } from "./librdkafka-errors.ts";

interface LogEvent {
  readonly severity?: unknown;
  readonly fac?: unknown;
  readonly message?: unknown;
}

/** Facilities of lines that repeat what a client error event already says. */
const echoedFacilities: ReadonlySet<string> = new Set(["FAIL", "ERROR"]);

/** librdkafka logs with syslog severities (0 emergency ... 7 debug). */
function levelOf(severity: number, facility: string): KafkaLogLevel {
  if (echoedFacilities.has(facility) || severity >= 7) return "debug";
  if (severity <= 2) return "error";
  if (severity <= 4) return "warn";
  return "info";
}

export interface LoggingHandlers {
  readonly "event.error": (error: unknown) => void;
  readonly "event.log": (event: LogEvent) => void;
}

/** Listeners for a client's `event.error` and `event.log`; none without a logger. */
export function loggingHandlers(
  logger: KafkaLogger | undefined,
  source: string,
): LoggingHandlers | undefined {
  if (logger === undefined) return undefined;
  return {
    "event.error": (error) => {
      const message = error instanceof Error ? error.message : String(error);
      logger(isTransientClientError(error) ? "debug" : "error", `librdkafka ${source}: ${message}`);
    },
    "event.log": (event) => {
      const severity = typeof event.severity === "number" ? event.severity : 6;
      const facility = typeof event.fac === "string" ? event.fac : "";
      logger(levelOf(severity, facility), `librdkafka ${source}: ${String(event.message)}`, { facility });
    },
  };
}

/** Attaches the logging listeners to a producer or consumer. */
export function attachLogging(
  client: { on(event: "event.error" | "event.log", listener: (value: never) => void): unknown },
  logger: KafkaLogger | undefined,
  source: string,
): void {
  const handlers = loggingHandlers(logger, source);
  if (handlers === undefined) return;
  client.on("event.error", handlers["event.error"]);
  client.on("event.log", handlers["event.log"]);
}
