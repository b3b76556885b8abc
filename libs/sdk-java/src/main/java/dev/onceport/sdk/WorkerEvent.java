package dev.onceport.sdk;

import java.util.List;

/** What a worker's stream did, for {@link ProcessOptions.Builder#onEvent}: for logs and metrics. */
public sealed interface WorkerEvent
    permits WorkerEvent.Joined, WorkerEvent.Assigned, WorkerEvent.Acked, WorkerEvent.Rejected, Reconnect {

  /** The gateway accepted the join, with the settings in force. */
  record Joined(long leaseMs, int maxBatchRecords, int maxInFlightBatches) implements WorkerEvent {}

  /** The partitions this worker holds since the last rebalance. */
  record Assigned(String memberId, List<TopicPartitions> partitions) implements WorkerEvent {}

  /** Some partitions of one topic. */
  record TopicPartitions(String topic, List<Integer> partitions) {}

  /** A batch's outputs and input offsets were committed together; {@code nextOffset} is the group's offset now. */
  record Acked(String batchId, String topic, int partition, int records, List<RecordResult> results, long nextOffset)
      implements WorkerEvent {}

  /** A batch was not written (a rebalance took it back...): its records are delivered again. */
  record Rejected(String batchId, String reason, String message) implements WorkerEvent {}
}
