// KafkaClientOptions as @platformatic/kafka's base options, shared by its Producer, Consumer
// and Admin.
import type { ConnectionOptions as TlsConnectionOptions } from "node:tls";
import type { BaseOptions, SASLMechanismValue } from "@platformatic/kafka";
import type { KafkaClientOptions, KafkaSasl } from "../../client.ts";

const saslMechanisms: Readonly<Record<KafkaSasl["mechanism"], SASLMechanismValue>> = {
  plain: "PLAIN",
  "scram-sha-256": "SCRAM-SHA-256",
  "scram-sha-512": "SCRAM-SHA-512",
};

/**
 * Backoff between the client's own retries: 10 ms doubling up to 1 s. Its default, a flat 1 s,
 * made every transaction right after a commit wait a second: the coordinator answers the next
 * AddPartitionsToTxn with CONCURRENT_TRANSACTIONS until the previous commit's markers are
 * written, which takes milliseconds (the Java producer retries that one after 20 ms).
 */
export function retryDelay(_client: unknown, _operation: string, attempt: number): number {
  return Math.min(10 * 2 ** (attempt - 1), 1000);
}

/** What a request waits for its answer unless told otherwise (the client's own default). */
export const defaultRequestTimeoutMs = 30_000;

export function baseOptions(options: KafkaClientOptions, clientSuffix: string): BaseOptions {
  const base: BaseOptions = {
    clientId: `${options.clientId}-${clientSuffix}`,
    bootstrapBrokers: [...options.brokers],
    // `requestTimeout` bounds each request on a connection; `timeout` is the time-out the
    // client writes into some requests (Produce, CreateTopics...; see the producer for why
    // its value is the transaction timeout there).
    requestTimeout: options.requestTimeoutMs ?? defaultRequestTimeoutMs,
    timeout: options.requestTimeoutMs ?? defaultRequestTimeoutMs,
    retries: 3,
    retryDelay,
  };
  if (options.tls !== undefined) {
    const tls: TlsConnectionOptions = { rejectUnauthorized: options.tls.rejectUnauthorized ?? true };
    if (options.tls.ca !== undefined) tls.ca = options.tls.ca;
    if (options.tls.cert !== undefined) tls.cert = options.tls.cert;
    if (options.tls.key !== undefined) tls.key = options.tls.key;
    // The client calls tls.connect(port, host, ...), which sends the host name as SNI itself.
    base.tls = tls;
  }
  if (options.sasl !== undefined) {
    base.sasl = {
      mechanism: saslMechanisms[options.sasl.mechanism],
      username: options.sasl.username,
      password: options.sasl.password,
    };
  }
  return base;
}
