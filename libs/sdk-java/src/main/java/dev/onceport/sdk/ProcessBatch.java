package dev.onceport.sdk;

import java.util.List;

/**
 * Records of one input partition, in offset order, for a {@link ProcessHandler} to turn into
 * outputs. {@link #isCancelled()} turns true when the batch can no longer be committed (the
 * stream ended: a gateway restart, a lease that ran out...): its records will be delivered
 * again, and whatever the handler returns for it now is dropped, so a long handler may check
 * it and give up early.
 */
public final class ProcessBatch {
  private final String batchId;
  private final String topic;
  private final int partition;
  private final List<ConsumedRecord> records;
  private volatile boolean cancelled;

  ProcessBatch(String batchId, String topic, int partition, List<ConsumedRecord> records) {
    this.batchId = batchId;
    this.topic = topic;
    this.partition = partition;
    this.records = records;
  }

  public String batchId() {
    return batchId;
  }

  public String topic() {
    return topic;
  }

  public int partition() {
    return partition;
  }

  /** At least one record. */
  public List<ConsumedRecord> records() {
    return records;
  }

  public boolean isCancelled() {
    return cancelled;
  }

  void cancel() {
    cancelled = true;
  }
}
