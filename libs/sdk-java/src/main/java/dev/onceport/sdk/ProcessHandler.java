package dev.onceport.sdk;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a batch into its outputs: any number per input record (none, one, several). It MUST
 * be deterministic (same batch, same outputs, in the same order): a batch whose commit was
 * lost is delivered again, and the outputs' message ids are stable only if the handler answers
 * alike. Side effects outside Kafka are not covered by exactly-once. An exception stops the
 * worker (after a clean leave; the batch is not written): catch inside to skip or dead-letter
 * a record.
 */
@FunctionalInterface
public interface ProcessHandler {
  List<ProcessOutput> handle(ProcessBatch batch) throws Exception;

  /** One input record's outputs: an empty list (or null) for none. */
  @FunctionalInterface
  interface RecordTransform {
    List<Record> apply(ConsumedRecord record) throws Exception;
  }

  /**
   * A handler made from a per-record transform, run on one record at a time, in offset order;
   * each record's outputs are tagged with its offset.
   *
   * <pre>{@code
   * client.process(options, ProcessHandler.eachRecord(r -> List.of(Record.of("payments-eur", convert(r.value())))));
   * }</pre>
   */
  static ProcessHandler eachRecord(RecordTransform transform) {
    return batch -> {
      List<ProcessOutput> outputs = new ArrayList<>();
      for (ConsumedRecord record : batch.records()) {
        List<Record> produced = transform.apply(record);
        if (produced == null) continue;
        for (Record output : produced) outputs.add(ProcessOutput.of(record.offset(), output));
      }
      return outputs;
    };
  }
}
