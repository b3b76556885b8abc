export {
  type KafkajsPatches,
  patchKafkajs as applyKafkajsPatches,
} from "./adapters/kafkajs/kafkajs-patches.ts";
export type {
  BrokerDescription,
  KafkaAdmin,
  OffsetSpec,
  PartitionDescription,
  TopicDescription,
  TopicSpec,
} from "./admin.ts";
export type {
  AdapterName,
  KafkaClient,
  KafkaClientOptions,
  KafkaLogger,
  KafkaLogLevel,
  KafkaSasl,
  KafkaTls,
} from "./client.ts";
export { adapterNames, isAdapterName } from "./client.ts";
export { createKafkaClient, defaultAdapters, type KafkaRole } from "./factory.ts";
export type {
  GroupAssignment,
  GroupBatch,
  GroupConsumer,
  GroupConsumerOptions,
  GroupHandlers,
} from "./group-consumer.ts";
export { isKafkaError, KafkaError, type KafkaErrorKind, kindOfCode } from "./kafka-error.ts";
export { murmur2, partitionForKey } from "./partitioner.ts";
export type {
  ConsumerGroupMetadata,
  KafkaTransaction,
  TransactionalProducer,
  TransactionalProducerOptions,
} from "./producer.ts";
export type { ConsumedBatch, IsolationLevel, PartitionReader, ReaderOptions } from "./reader.ts";
export {
  defaultMaxBatchBytes,
  recordBatchOverheadBytes,
  recordBytesInBatch,
  splitByBatchBytes,
} from "./record-size.ts";
export type {
  ConsumedRecord,
  OutgoingRecord,
  PartitionOffset,
  PartitionRecords,
  RecordHeader,
  RecordHeaders,
  SentBatch,
  TopicPartition,
} from "./records.ts";
export { headerText, headerValue, partitionKey } from "./records.ts";
export { type AdminFor, waitForTopicsOnEveryBroker } from "./topic-visibility.ts";
