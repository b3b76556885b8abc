// The librdkafka adapter: @confluentinc/kafka-javascript's node-rdkafka-style API (Producer,
// KafkaConsumer, AdminClient) behind Onceport's contract. Each producer, reader, group consumer and admin is a
// librdkafka client of its own; closing it leaves nothing that keeps the process alive.
import type { KafkaAdmin } from "../../admin.ts";
import type { KafkaClient, KafkaClientOptions } from "../../client.ts";
import type { GroupConsumer, GroupConsumerOptions } from "../../group-consumer.ts";
import type { TransactionalProducer, TransactionalProducerOptions } from "../../producer.ts";
import type { PartitionReader, ReaderOptions } from "../../reader.ts";
import { LibrdkafkaAdmin } from "./librdkafka-admin.ts";
import { refused } from "./librdkafka-errors.ts";
import { LibrdkafkaGroupConsumer } from "./librdkafka-group-consumer.ts";
import { LibrdkafkaProducer } from "./librdkafka-producer.ts";
import { LibrdkafkaReader } from "./librdkafka-reader.ts";

class LibrdkafkaClient implements KafkaClient {
  readonly adapter = "librdkafka";
  private readonly options: KafkaClientOptions;

  constructor(options: KafkaClientOptions) {
    this.options = options;
  }

  transactionalProducer(options: TransactionalProducerOptions): Promise<TransactionalProducer> {
    return LibrdkafkaProducer.connect(this.options, options);
  }

  reader(options: ReaderOptions): Promise<PartitionReader> {
    return LibrdkafkaReader.open(this.options, options);
  }

  async groupConsumer(options: GroupConsumerOptions): Promise<GroupConsumer> {
    return new LibrdkafkaGroupConsumer(this.options, options);
  }

  async admin(): Promise<KafkaAdmin> {
    return new LibrdkafkaAdmin(this.options);
  }
}

export async function createLibrdkafkaClient(options: KafkaClientOptions): Promise<KafkaClient> {
  if (options.brokers.length === 0) throw refused("invalid-argument", "no brokers to connect to");
  return new LibrdkafkaClient(options);
}
