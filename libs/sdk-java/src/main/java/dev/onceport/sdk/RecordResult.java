package dev.onceport.sdk;

import java.util.List;

/** Where a record landed. */
public record RecordResult(String topic, int partition, long offset, String messageId) {
  static List<RecordResult> from(List<dev.onceport.v1.RecordResult> messages) {
    return messages.stream()
        .map(m -> new RecordResult(m.getTopic(), m.getPartition(), m.getOffset(), m.getMessageId()))
        .toList();
  }
}
