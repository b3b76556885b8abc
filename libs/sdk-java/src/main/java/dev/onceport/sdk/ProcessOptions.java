package dev.onceport.sdk;

import java.util.List;
import java.util.function.Consumer;

/**
 * Where and how a worker joins (the gateway's {@code ProcessJoin}). Built with {@link
 * #builder(String, String...)}:
 *
 * <pre>{@code
 * ProcessOptions.builder("eur-converter", "payments").maxInFlightBatches(4).build()
 * }</pre>
 */
public record ProcessOptions(
    String group,
    List<String> topics,
    String workerId,
    int maxBatchRecords,
    int maxInFlightBatches,
    boolean startAtLatest,
    Consumer<WorkerEvent> onEvent) {

  /**
   * The Kafka consumer group (letters, digits, '.', '_', '-') and its input topics (at least
   * one; they must exist). Workers of one group share its input partitions, across gateways;
   * its committed offsets, written in the same transactions as the outputs, are where
   * processing resumes after any restart.
   */
  public static Builder builder(String group, String... topics) {
    return new Builder(group, List.of(topics));
  }

  public static Builder builder(String group, List<String> topics) {
    return new Builder(group, List.copyOf(topics));
  }

  ProcessOptions withWorkerId(String workerId) {
    return new ProcessOptions(group, topics, workerId, maxBatchRecords, maxInFlightBatches, startAtLatest, onEvent);
  }

  /** The optional settings; each has the TypeScript SDK's default. */
  public static final class Builder {
    private final String group;
    private final List<String> topics;
    private String workerId;
    private int maxBatchRecords;
    private int maxInFlightBatches = 1;
    private boolean startAtLatest;
    private Consumer<WorkerEvent> onEvent = event -> {};

    private Builder(String group, List<String> topics) {
      this.group = group;
      this.topics = topics;
    }

    /** Written as {@code onceport-client-id} on every output. Default: the client id. */
    public Builder workerId(String workerId) {
      this.workerId = workerId;
      return this;
    }

    /** Most records in a batch. Default (0): the gateway's limit (1,000 unless configured). */
    public Builder maxBatchRecords(int maxBatchRecords) {
      this.maxBatchRecords = maxBatchRecords;
      return this;
    }

    /**
     * Most batches open at once, each from a different partition, so the handler may run this
     * many times concurrently, on threads of the worker's own. Default 1; the gateway caps it.
     */
    public Builder maxInFlightBatches(int maxInFlightBatches) {
      this.maxInFlightBatches = maxInFlightBatches;
      return this;
    }

    /** Partitions with no committed offset in the group start at their latest offset, not their earliest. */
    public Builder startAtLatest(boolean startAtLatest) {
      this.startAtLatest = startAtLatest;
      return this;
    }

    /**
     * Told what the worker's stream does (joins, assignments, acks, rejections, reconnects), on
     * gRPC's threads: keep it quick. An exception it throws is ignored.
     */
    public Builder onEvent(Consumer<WorkerEvent> onEvent) {
      this.onEvent = onEvent;
      return this;
    }

    public ProcessOptions build() {
      return new ProcessOptions(group, topics, workerId, maxBatchRecords, maxInFlightBatches, startAtLatest, onEvent);
    }
  }
}
