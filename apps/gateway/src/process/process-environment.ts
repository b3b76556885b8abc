import type { KafkaAdmin, KafkaClient } from "@onceport/kafka";
import type { AccessControl } from "../auth/index.ts";
import { shares } from "../auth/principal-share.ts";
import type { GatewayConfig } from "../config.ts";
import type { TopicCatalog } from "../kafka/topic-catalog.ts";
import type { Logger } from "../logger.ts";
import { publishLimits } from "../publish/publish-limits.ts";
import type { PublishLimits } from "../publish/record-plan.ts";

/** What the Process and Subscribe streams of a gateway share. */
export interface ConsumerEnvironment {
  /** The client the partitions' transactional producers are made with. */
  readonly producers: KafkaClient;
  /** The client Subscribe's readers and Process's group consumers are made with. */
  readonly readers: KafkaClient;
  /** Topics, topic offsets and group offsets. */
  readonly kafkaAdmin: KafkaAdmin;
  readonly catalog: TopicCatalog;
  /** The policy: which topics and groups the caller's principal may process, read and write. */
  readonly access: AccessControl;
  /** The same limits as publishes: outputs are checked and headed as published records are. */
  readonly limits: PublishLimits;
  readonly logger: Logger;
  readonly transactionalIdPrefix: string;
  readonly kafkaTransactionTimeoutMs: number;
  readonly process: ProcessSettings;
}

export interface ProcessSettings {
  /** A batch unanswered for this long is dropped and its worker leaves the group. */
  readonly leaseMs: number;
  /** On a rebalance or a stop, how long open batches may still be answered and committed. */
  readonly rebalanceGraceMs: number;
  /** Consumer group session timeout of every worker's (and subscription's) consumer. */
  readonly sessionTimeoutMs: number;
  readonly maxBatchRecords: number;
  readonly maxInFlightBatches: number;
  /** Worker streams on this gateway, and the share of one principal. */
  readonly workers: { readonly total: number; readonly perPrincipal: number };
  /** Subscriptions on this gateway, and the share of one principal. */
  readonly subscriptions: { readonly total: number; readonly perPrincipal: number };
}

/** The environment of the consumer-side services, from the gateway's configuration. */
export function consumerEnvironment(
  config: GatewayConfig,
  clients: {
    producers: KafkaClient;
    readers: KafkaClient;
    kafkaAdmin: KafkaAdmin;
    catalog: TopicCatalog;
    access: AccessControl;
  },
  logger: Logger,
): ConsumerEnvironment {
  return {
    ...clients,
    limits: publishLimits(config),
    logger,
    transactionalIdPrefix: config.transactionalIdPrefix,
    kafkaTransactionTimeoutMs: config.kafkaTransactionTimeoutMs,
    process: {
      leaseMs: config.processLeaseMs,
      rebalanceGraceMs: config.processRebalanceGraceMs,
      sessionTimeoutMs: config.processSessionTimeoutMs,
      maxBatchRecords: config.processMaxBatchRecords,
      maxInFlightBatches: config.processMaxInFlightBatches,
      workers: shares(config.security.auth, config.processMaxWorkers, config.processMaxWorkersPerPrincipal),
      subscriptions: shares(
        config.security.auth,
        config.maxSubscriptions,
        config.maxSubscriptionsPerPrincipal,
      ),
    },
  };
}
