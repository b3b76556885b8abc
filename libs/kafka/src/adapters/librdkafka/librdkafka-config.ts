// What every librdkafka client of this adapter is configured with: where the brokers are,
// how to reach them (TLS, SASL), and how long a request may take.
import type { KafkaClientOptions } from "../../client.ts";
import type { Rdkafka } from "./librdkafka-module.ts";

const saslMechanisms = {
  plain: "PLAIN",
  "scram-sha-256": "SCRAM-SHA-256",
  "scram-sha-512": "SCRAM-SHA-512",
} as const;

function pem(value: string | Buffer): string {
  return typeof value === "string" ? value : value.toString("utf8");
}

function securityProtocol(
  options: KafkaClientOptions,
): NonNullable<Rdkafka.GlobalConfig["security.protocol"]> {
  if (options.tls !== undefined) return options.sasl === undefined ? "ssl" : "sasl_ssl";
  return options.sasl === undefined ? "plaintext" : "sasl_plaintext";
}

export function commonConfig(options: KafkaClientOptions): Rdkafka.GlobalConfig {
  const { tls, sasl } = options;
  return {
    "bootstrap.servers": options.brokers.join(","),
    "client.id": options.clientId,
    "security.protocol": securityProtocol(options),
    // A broker closing an idle connection is routine, not something to log.
    "log.connection.close": false,
    // A transaction is a chain of small requests (AddPartitionsToTxn, Produce, EndTxn), none of
    // which should wait for Nagle's algorithm (no difference measured on loopback).
    "socket.nagle.disable": true,
    ...(options.requestTimeoutMs === undefined ? {} : { "socket.timeout.ms": options.requestTimeoutMs }),
    ...(tls?.ca === undefined ? {} : { "ssl.ca.pem": pem(tls.ca) }),
    ...(tls?.cert === undefined ? {} : { "ssl.certificate.pem": pem(tls.cert) }),
    ...(tls?.key === undefined ? {} : { "ssl.key.pem": pem(tls.key) }),
    ...(tls?.rejectUnauthorized === false
      ? { "enable.ssl.certificate.verification": false, "ssl.endpoint.identification.algorithm": "none" }
      : {}),
    ...(sasl === undefined
      ? {}
      : {
          "sasl.mechanisms": saslMechanisms[sasl.mechanism],
          "sasl.username": sasl.username,
          "sasl.password": sasl.password,
        }),
  };
}
