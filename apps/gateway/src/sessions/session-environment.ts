import type { KafkaClient } from "@onceport/kafka";
import type { TopicCatalog } from "../kafka/topic-catalog.ts";
import type { Logger } from "../logger.ts";
import type { PublishLimits } from "../publish/record-plan.ts";
import type { ReceiptStore, StagedReceipt } from "../receipts/receipt-store.ts";

/** What every session of a gateway shares. */
export interface SessionEnvironment {
  /** The client the sessions' transactional producers are made with. */
  readonly producers: KafkaClient;
  /** Where the clients' idempotency keys are kept and caught up on. */
  readonly receipts: ReceiptStore;
  readonly catalog: TopicCatalog;
  readonly limits: PublishLimits;
  readonly logger: Logger;
  readonly transactionalIdPrefix: string;
  readonly kafkaTransactionTimeoutMs: number;
  readonly transactionTimeoutMs: number;
  readonly maxQueuedPerSession: number;
  /**
   * Told of each commit once its keys are known, before the caller is answered: an observer
   * the composition may install (GatewayComposition.afterCommit).
   */
  readonly afterCommit: ((receipt: StagedReceipt) => void) | undefined;
}
