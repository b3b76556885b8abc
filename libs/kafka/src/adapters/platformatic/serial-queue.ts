// Runs calls one after the other. @platformatic/kafka merges concurrent calls of the same kind
// on a producer into one (kPerformDeduplicated: two concurrent sends adding different
// partitions to the transaction share the first one's AddPartitionsToTxn), so a producer's
// calls must never overlap.
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(call: () => Promise<T>): Promise<T> {
    const result = this.tail.then(call);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
