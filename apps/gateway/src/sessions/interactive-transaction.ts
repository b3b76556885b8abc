import type { RecordResult } from "@onceport/api";
import type { ProducerTransaction } from "../kafka/client-producer.ts";
import type { TransactionTrace } from "../telemetry/transaction-trace.ts";

/** An interactive transaction a session holds open between calls. */
export interface InteractiveTransaction {
  readonly id: string;
  readonly idempotencyKey: string;
  readonly transaction: ProducerTransaction;
  /** Every record sent so far, in order: the commit's answer and receipt. */
  readonly results: RecordResult[];
  /** About what its receipt will take so far (see receipt-size.ts). */
  receiptBytes: number;
  /** Aborts the transaction when no call came for the gateway's transaction timeout. */
  idleTimer: NodeJS.Timeout | undefined;
  /** Its span and metrics, from begin to commit or abort. */
  readonly trace: TransactionTrace;
}

/** How a transaction that is no longer open ended, for the reason a late call gets. */
export type EndedTransaction = "timed-out" | "aborted" | "committed";
