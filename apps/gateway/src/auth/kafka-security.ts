import { readFileSync } from "node:fs";
import type { KafkaSasl, KafkaTls } from "@onceport/kafka";
import type { KafkaSecurityConfig } from "./security-settings.ts";

/** The TLS and SASL options of the gateway's Kafka clients; empty when Kafka is plaintext. */
export function kafkaClientSecurity(config: KafkaSecurityConfig): { tls?: KafkaTls; sasl?: KafkaSasl } {
  const options: { tls?: KafkaTls; sasl?: KafkaSasl } = {};
  if (config.tls) {
    options.tls = {
      // The platform's trusted CAs unless a bundle is given; the broker's name is always checked.
      rejectUnauthorized: true,
      ...(config.tlsCa === "" ? {} : { ca: readFileSync(config.tlsCa, "utf8") }),
      ...(config.tlsCert === ""
        ? {}
        : { cert: readFileSync(config.tlsCert, "utf8"), key: readFileSync(config.tlsKey, "utf8") }),
    };
  }
  const password = config.saslPassword;
  if (config.saslMechanism !== "" && password !== undefined) {
    const sasl = {
      mechanism: config.saslMechanism,
      username: config.saslUsername,
      // A getter, so the password is not a plain field of an options object someone may log.
      get password() {
        return password.reveal();
      },
    };
    Object.defineProperty(sasl, "password", { enumerable: false });
    options.sasl = sasl;
  }
  return options;
}

/** What the Kafka connection is, for the start-up line (no secret). */
export function describeKafkaSecurity(config: KafkaSecurityConfig): string {
  const transport = config.tls ? (config.tlsCert === "" ? "TLS" : "mutual TLS") : "plaintext";
  return config.saslMechanism === ""
    ? transport
    : `${transport}, SASL ${config.saslMechanism.toUpperCase()} as ${config.saslUsername}`;
}
