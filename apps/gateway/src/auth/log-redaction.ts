import type { LoggerOptions } from "pino";

/**
 * Fields no log line may carry, at the top level or one level down (kafkajs's
 * log objects, `err` objects): credentials, and record payloads. The gateway
 * never logs these on purpose; this catches what a library or a later change
 * would hand the logger by accident.
 */
export const logRedaction: NonNullable<LoggerOptions["redact"]> = {
  paths: ["password", "authorization", "token", "secret", "sasl", "value", "records"].flatMap((field) => [
    field,
    `*.${field}`,
  ]),
  censor: "[REDACTED]",
};
