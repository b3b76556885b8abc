import { OnceportError } from "@onceport/errors";

/**
 * Runs operations one at a time, in order. A kafkajs producer must have one
 * send in flight at most (kafkajs #1005 drops messages otherwise) and one
 * transaction at a time, so every operation on a producer goes through its queue.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private queued = 0;

  private readonly limit: number;

  constructor(limit: number) {
    this.limit = limit;
  }

  get size(): number {
    return this.queued;
  }

  run<T>(operation: () => Promise<T>): Promise<T> {
    if (this.queued >= this.limit) {
      return Promise.reject(
        new OnceportError("SESSION_BUSY", `more than ${this.limit} operations are waiting on this session`),
      );
    }
    this.queued++;
    const result = this.tail.then(operation);
    this.tail = result.then(
      () => this.queued--,
      () => this.queued--,
    );
    return result;
  }
}
