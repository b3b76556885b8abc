import type { PublishOptions, PublishRecord, PublishResult } from "../records.ts";

/** A publish handed to the stream. */
export interface Submitted {
  readonly idempotencyKey: string;
  /**
   * Resolves once the publish's transaction committed (or its key was known
   * already: `duplicate`); rejects when the gateway refused it (bad input) or
   * its outcome could not be learnt within the retry policy.
   */
  readonly acknowledged: Promise<PublishResult>;
}

/**
 * What takes publishes, as a Publisher does: what its Writable writes to, named apart from
 * the Publisher so that the Writable need not import the class that offers it.
 */
export interface PublishSubmitter {
  submit(records: readonly PublishRecord[], options?: PublishOptions): Promise<Submitted>;
  /** Resolves once every publish submitted so far is acknowledged. */
  flush(): Promise<void>;
}
