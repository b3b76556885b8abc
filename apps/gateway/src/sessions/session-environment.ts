import type { KafkaClient } from "@onceport/kafka";
import type { TopicCatalog } from "../kafka/topic-catalog.ts";
import type { Logger } from "../logger.ts";
import type { PublishLimits } from "../publish/record-plan.ts";
import type { ReceiptBook } from "../receipts/receipt-book.ts";

/** What every session of a gateway shares. */
export interface SessionEnvironment {
  /** The client the sessions' transactional producers are made with. */
  readonly producers: KafkaClient;
  readonly book: ReceiptBook;
  readonly catalog: TopicCatalog;
  readonly limits: PublishLimits;
  readonly logger: Logger;
  readonly transactionalIdPrefix: string;
  readonly receiptsTopic: string;
  readonly kafkaTransactionTimeoutMs: number;
  readonly transactionTimeoutMs: number;
  readonly maxQueuedPerSession: number;
  /** How long a new session may wait to read its marker back (covers a hanging transaction). */
  readonly catchUpTimeoutMs: number;
  /** Test-only: SIGKILL the process right after committing this idempotency key. */
  readonly crashAfterCommitOfKey: string | undefined;
  /** Test-only (the receipts benchmark): commit no receipts, voiding the idempotency guarantee. */
  readonly disableReceipts: boolean;
}
