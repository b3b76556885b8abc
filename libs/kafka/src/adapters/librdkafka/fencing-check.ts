// After a send failed, librdkafka's transaction manager is asked whether the producer was
// fenced, because the send's own error may not say so. A record for a partition new to the
// transaction waits for AddPartitionsToTxn; when the coordinator answers PRODUCER_FENCED (or
// INVALID_PRODUCER_EPOCH), librdkafka raises the fatal ERR__FENCED and purges its queues
// (rdkafka_txnmgr.c rd_kafka_txn_handle_AddPartitionsToTxn, rd_kafka_txn_set_fatal_error;
// rdkafka.c rd_kafka_set_fatal_error0), so the record fails with ERR__PURGE_QUEUE alone. The
// binding hands the fatal error over as an `event.error` without its code, through another
// uv_async than delivery reports: it comes before or after the failed report (seen both ways),
// so it cannot decide. The fatal state, though, is set before the purge runs, and every
// transactional call answers in that state with the fatal error itself
// (rd_kafka_txn_require_states0). The call asked is beginTransaction: while a transaction is
// open it changes nothing (it requires state Ready, and answers ERR__STATE in InTransaction).
import type { KafkaError } from "../../kafka-error.ts";
import type { Done } from "./callback-promise.ts";

export class FencingCheck {
  private readonly ask: (done: Done<void>) => void;
  private readonly fencing: (error: unknown) => KafkaError | undefined;
  private asking: Promise<KafkaError | undefined> | undefined;

  /**
   * `ask` makes a transactional call that changes nothing in the current state (see above);
   * `fencing` reads a fencing from its error, if it says one.
   */
  constructor(ask: (done: Done<void>) => void, fencing: (error: unknown) => KafkaError | undefined) {
    this.ask = ask;
    this.fencing = fencing;
  }

  /** The fencing librdkafka knows of, if any. Concurrent failures share one question. */
  fenced(): Promise<KafkaError | undefined> {
    this.asking ??= this.question().finally(() => {
      this.asking = undefined;
    });
    return this.asking;
  }

  /**
   * Resolves once no question is under way: librdkafka refuses a transactional call made
   * during another (ERR__CONFLICT), so commit, abort and the others wait for it.
   */
  async idle(): Promise<void> {
    await this.asking;
  }

  private question(): Promise<KafkaError | undefined> {
    return new Promise((resolve) => {
      try {
        this.ask((error) => resolve(error === null || error === undefined ? undefined : this.fencing(error)));
      } catch {
        // A client that is disconnecting throws before it calls back: it knows nothing more.
        resolve(undefined);
      }
    });
  }
}
