// librdkafka's sendOffsetsToTransaction takes the consumer group's metadata from a
// KafkaConsumer, not from a group id. When the caller names a group only by its id, a consumer
// of that group.id that never subscribes stands in: its metadata has no generation and no
// member id (the pre-KIP-447 TxnOffsetCommit), which is all a group id alone can say. One per
// group id, kept until the producer closes.
import type { KafkaError } from "../../kafka-error.ts";
import { settle } from "./callback-promise.ts";
import type { Rdkafka } from "./librdkafka-module.ts";
import { rdkafka } from "./librdkafka-module.ts";

export class GroupMetadataConsumers {
  private readonly config: Rdkafka.ConsumerGlobalConfig;
  /** Attaches the producer's listeners (logging, authentication refusals) to a new consumer. */
  private readonly prepare: (consumer: Rdkafka.KafkaConsumer) => void;
  private readonly fail: (what: string) => (error: unknown) => KafkaError;
  private readonly consumers = new Map<string, Promise<Rdkafka.KafkaConsumer>>();

  constructor(
    config: Rdkafka.ConsumerGlobalConfig,
    prepare: (consumer: Rdkafka.KafkaConsumer) => void,
    fail: (what: string) => (error: unknown) => KafkaError,
  ) {
    this.config = config;
    this.prepare = prepare;
    this.fail = fail;
  }

  consumer(groupId: string): Promise<Rdkafka.KafkaConsumer> {
    let consumer = this.consumers.get(groupId);
    if (consumer === undefined) {
      consumer = this.connect(groupId);
      this.consumers.set(groupId, consumer);
      // A failed connection is not kept: the next sendOffsets tries again.
      consumer.catch(() => this.consumers.delete(groupId));
    }
    return consumer;
  }

  async closeAll(): Promise<void> {
    const consumers = [...this.consumers.values()];
    this.consumers.clear();
    await Promise.allSettled(
      consumers.map(async (connecting) => {
        const consumer = await connecting;
        await settle<unknown>(
          (done) => consumer.disconnect(done),
          this.fail("closing a group metadata consumer"),
        );
      }),
    );
  }

  private async connect(groupId: string): Promise<Rdkafka.KafkaConsumer> {
    const { KafkaConsumer } = rdkafka();
    const consumer = new KafkaConsumer({ ...this.config, "group.id": groupId, "enable.auto.commit": false });
    this.prepare(consumer);
    await settle<unknown>(
      (done) => consumer.connect({}, done),
      this.fail(`connecting a consumer for group ${groupId}'s metadata`),
    );
    return consumer;
  }
}
