package dev.onceport.sdk;

import dev.onceport.v1.ProcessResult;
import io.grpc.Status;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A handler's outputs as the API's result. Mistakes the gateway would answer by ending the
 * stream at once (an input offset not in the batch, a message id or an {@code onceport-}
 * header of the worker's own) are reported here instead, as the handler's failure, so the
 * worker still leaves cleanly.
 */
final class ProcessOutputs {
  private ProcessOutputs() {}

  static ProcessResult toResult(List<ProcessOutput> outputs, ProcessBatch batch) {
    if (outputs == null) throw invalid(Reasons.INVALID_ARGUMENT, "the handler returned null for batch " + batch.batchId());
    Set<Long> offsets = batch.records().stream().map(ConsumedRecord::offset).collect(Collectors.toSet());
    ProcessResult.Builder result = ProcessResult.newBuilder().setBatchId(batch.batchId());
    for (int index = 0; index < outputs.size(); index++) {
      ProcessOutput output = outputs.get(index);
      if (output == null || output.record() == null) {
        throw invalid(Reasons.INVALID_ARGUMENT, "output " + index + " of batch " + batch.batchId() + " has no record");
      }
      if (!offsets.contains(output.inputOffset())) {
        throw invalid(
            Reasons.INVALID_ARGUMENT,
            "output " + index + " names input offset " + output.inputOffset() + ", which is not in batch "
                + batch.batchId() + " (" + batch.topic() + "/" + batch.partition() + ")");
      }
      Record record = output.record();
      if (record.messageId() != null && !record.messageId().isEmpty()) {
        throw invalid(
            Reasons.INVALID_ARGUMENT,
            "output " + index + " sets a message id: the gateway derives it from the input record");
      }
      if (record.headers() != null) {
        for (String name : record.headers().keySet()) {
          if (name.toLowerCase(Locale.ROOT).startsWith("onceport-")) {
            throw invalid(
                Reasons.RESERVED_HEADER,
                "output " + index + ": header names starting \"onceport-\" are reserved (header " + name + ")");
          }
        }
      }
      result.addOutputs(
          dev.onceport.v1.ProcessOutput.newBuilder()
              .setInputOffset(output.inputOffset())
              .setRecord(record.toProto())
              .setTraceparent(output.traceparent() == null ? "" : output.traceparent()));
    }
    return result.build();
  }

  private static OnceportException invalid(String reason, String message) {
    return Errors.of(reason, Status.Code.INVALID_ARGUMENT, message, false, null);
  }
}
