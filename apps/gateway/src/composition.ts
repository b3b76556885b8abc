import type { KafkaReceiptStoreParts, KafkaReceiptStoreSettings } from "./receipts/kafka-receipt-store.ts";
import type { ReceiptStore, StagedReceipt } from "./receipts/receipt-store.ts";

/**
 * The parts of a gateway its caller may put in place of the standard ones. main.ts composes
 * none; the test entry point (src/testing, never built) composes its fault hooks from these.
 */
export interface GatewayComposition {
  /** Makes the store of idempotency keys; the Kafka one (receipts in the records' transactions) otherwise. */
  readonly receiptStore?: (
    settings: KafkaReceiptStoreSettings,
    parts: KafkaReceiptStoreParts,
  ) => ReceiptStore;
  /** Told of each commit once its keys are known, before the caller is answered. */
  readonly afterCommit?: (receipt: StagedReceipt) => void;
}
