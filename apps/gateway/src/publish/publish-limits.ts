import type { GatewayConfig } from "../config.ts";
import type { PublishLimits } from "./record-plan.ts";

/** What a record and a publish may hold, from the configuration: publishes and Process outputs alike. */
export function publishLimits(config: GatewayConfig): PublishLimits {
  return {
    maxRecordBytes: config.maxRecordBytes,
    maxKeyBytes: config.maxKeyBytes,
    maxHeadersPerRecord: config.maxHeadersPerRecord,
    maxHeaderBytes: config.maxHeaderBytes,
    maxRequestBytes: config.maxRequestBytes,
    maxRecordsPerPublish: config.maxRecordsPerPublish,
    maxKafkaBatchBytes: config.kafkaMaxBatchBytes,
    forbiddenTopics: new Set([config.receiptsTopic]),
  };
}
