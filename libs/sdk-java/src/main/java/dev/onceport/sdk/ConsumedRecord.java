package dev.onceport.sdk;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A committed record read from Kafka, as Process hands it to a worker and Subscribe to a
 * reader. {@code headers} keeps the last value of a name that occurs several times (Kafka
 * allows it); {@code headerList} has them all, in order. {@code traceparent} is the W3C
 * trace context of the gateway's consumer span of the record (empty when it does not trace):
 * start your own span from it to continue the record's trace.
 */
public record ConsumedRecord(
    String topic,
    int partition,
    long offset,
    byte[] key,
    byte[] value,
    Map<String, byte[]> headers,
    List<Map.Entry<String, byte[]>> headerList,
    long timestampMs,
    String traceparent) {

  /** The value as UTF-8 text. */
  public String valueString() {
    return new String(value, StandardCharsets.UTF_8);
  }

  static ConsumedRecord from(dev.onceport.v1.ConsumedRecord proto) {
    List<Map.Entry<String, byte[]>> list =
        proto.getHeadersList().stream()
            .map(h -> Map.entry(h.getKey(), h.getValue().toByteArray()))
            .toList();
    Map<String, byte[]> byName = new LinkedHashMap<>();
    list.forEach(entry -> byName.put(entry.getKey(), entry.getValue()));
    return new ConsumedRecord(
        proto.getTopic(),
        proto.getPartition(),
        proto.getOffset(),
        proto.hasKey() ? proto.getKey().toByteArray() : null,
        proto.getValue().toByteArray(),
        Collections.unmodifiableMap(byName),
        list,
        proto.getTimestampMs(),
        proto.getTraceparent());
  }
}
