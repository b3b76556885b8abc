package dev.onceport.sdk;

import com.google.protobuf.ByteString;
import dev.onceport.v1.Header;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One record to write. A null partition lets the gateway pick as Kafka's default partitioner
 * would; a null key is a null Kafka key; an empty message id lets the gateway derive
 * "&lt;idempotency key&gt;/&lt;index&gt;".
 */
public record Record(
    String topic, Integer partition, byte[] key, byte[] value, Map<String, byte[]> headers, String messageId) {

  public static Record of(String topic, byte[] value) {
    return new Record(topic, null, null, value, Map.of(), "");
  }

  public static Record of(String topic, String value) {
    return of(topic, value.getBytes(StandardCharsets.UTF_8));
  }

  public Record withPartition(int partition) {
    return new Record(topic, partition, key, value, headers, messageId);
  }

  public Record withKey(byte[] key) {
    return new Record(topic, partition, key, value, headers, messageId);
  }

  public Record withHeaders(Map<String, byte[]> headers) {
    return new Record(topic, partition, key, value, headers, messageId);
  }

  public Record withMessageId(String messageId) {
    return new Record(topic, partition, key, value, headers, messageId);
  }

  dev.onceport.v1.Record toProto() {
    var builder =
        dev.onceport.v1.Record.newBuilder()
            .setTopic(topic)
            .setValue(ByteString.copyFrom(value))
            .setMessageId(messageId == null ? "" : messageId);
    if (partition != null) builder.setPartition(partition);
    if (key != null) builder.setKey(ByteString.copyFrom(key));
    if (headers != null) {
      headers.forEach(
          (name, bytes) -> builder.addHeaders(Header.newBuilder().setKey(name).setValue(ByteString.copyFrom(bytes))));
    }
    return builder.build();
  }

  static List<dev.onceport.v1.Record> toProtos(List<Record> records) {
    return records.stream().map(Record::toProto).toList();
  }
}
