import {
  type AdapterName,
  createKafkaClient,
  type KafkaClient,
  type KafkaSasl,
  type KafkaTls,
} from "@onceport/kafka";
import type { Logger } from "../logger.ts";

/**
 * A client of Onceport's Kafka layer (producers, readers, group consumers, admin) of the
 * adapter asked for: its own log lines go to the gateway's logger.
 */
export async function createKafkaLayerClient(
  adapter: AdapterName,
  brokers: readonly string[],
  logger: Logger,
  security: { tls?: KafkaTls; sasl?: KafkaSasl },
  retries?: number,
): Promise<KafkaClient> {
  const kafkaLogger = logger.child({ component: `kafka-${adapter}` });
  return createKafkaClient(adapter, {
    brokers,
    clientId: "onceport-gateway",
    ...security,
    ...(retries === undefined ? {} : { retries }),
    logger: (level, message, fields) => kafkaLogger[level](fields ?? {}, message),
  });
}
