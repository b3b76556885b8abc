// The @platformatic/kafka adapter (pure JavaScript). Each producer, reader, group consumer and
// admin is a client of its own (a group consumer has three: membership, fetches, offset
// lookups) with its own connections, closed with it: nothing outlives close().
import { randomUUID } from "node:crypto";
import type { KafkaClient, KafkaClientOptions } from "../../client.ts";
import { PlatformaticGroupConsumer } from "./group-consumer.ts";
import { PlatformaticPartitionReader } from "./partition-reader.ts";
import { PlatformaticAdmin } from "./platformatic-admin.ts";
import { PlatformaticTransactionalProducer } from "./transactional-producer.ts";

export async function createPlatformaticClient(options: KafkaClientOptions): Promise<KafkaClient> {
  return {
    adapter: "platformatic",
    transactionalProducer: async (producerOptions) =>
      new PlatformaticTransactionalProducer(options, producerOptions),
    // The group id is never joined (see PlatformaticPartitionReader): unique so it is never anyone's.
    reader: async (readerOptions) =>
      new PlatformaticPartitionReader(options, readerOptions, `onceport-reader-${randomUUID()}`),
    admin: async () => new PlatformaticAdmin(options),
    groupConsumer: async (groupOptions) => new PlatformaticGroupConsumer(options, groupOptions),
  };
}
