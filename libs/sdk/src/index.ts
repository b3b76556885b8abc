// @onceport/sdk: exactly-once writes to Kafka through the Onceport gateway.
export { isOnceportError, OnceportError, type Reason } from "@onceport/errors";
export type { OnceportClient } from "./client.ts";
export { connect } from "./connect.ts";
export type { ConsumedRecord } from "./consumer/consumed-record.ts";
export {
  type ConsumerClient,
  type ConsumerClientOptions,
  consumerClient,
} from "./consumer-client.ts";
export { type GatewayCredentialsOptions, gatewayCredentials } from "./credentials.ts";
export { FencedError, isFencedError } from "./errors/fenced-error.ts";
export type { ConnectOptions } from "./options.ts";
export { eachRecord, type RecordOutputs } from "./process/each-record.ts";
export type {
  OutputRecord,
  ProcessBatch,
  ProcessHandler,
  ProcessOptions,
  ProcessOutput,
  WorkerEvent,
} from "./process/process-types.ts";
export type { ProcessWorker } from "./process/process-worker.ts";
export type { Publisher, PublisherOptions } from "./publisher/publisher.ts";
export { type PublisherChunk, publisherWritable } from "./publisher/publisher-writable.ts";
export type { PublishSubmitter, Submitted } from "./publisher/submitted.ts";
export type {
  Bytes,
  PublishOptions,
  PublishRecord,
  PublishResult,
  RecordHeader,
  RecordResult,
} from "./records.ts";
export { backoffDelay, defaultRetryPolicy, type RetryPolicy } from "./retry/retry-policy.ts";
export type { RetryEvent } from "./retry/with-recovery.ts";
export type { OpenedSession } from "./session/session-keeper.ts";
export type { SubscribeBatch, SubscribeOptions, Subscription } from "./subscribe/subscription.ts";
export type { Transaction } from "./transaction/open-transaction.ts";
export type { TransactionOutcome } from "./transaction/run-transaction.ts";
export type { CallMetadata } from "./transport/gateway-transport.ts";
