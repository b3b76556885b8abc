package dev.onceport.sdk;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a topic from the beginning with a plain Kafka consumer, as any reader of the data would. */
final class KafkaReader {
  record Read(int partition, long offset, String value, String messageId, Map<String, String> headers) {}

  private KafkaReader() {}

  /** Reads at least {@code expected} records, then whatever else arrives within half a second. */
  static List<Read> read(String brokers, String topic, int expected, boolean readCommitted) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, readCommitted ? "read_committed" : "read_uncommitted");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    List<Read> records = new ArrayList<>();
    try (var consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream().map(info -> new TopicPartition(topic, info.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      long quietUntil = Long.MAX_VALUE;
      while (System.nanoTime() < Math.min(deadline, quietUntil)) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          Map<String, String> headers = new LinkedHashMap<>();
          record.headers().forEach(h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
          records.add(
              new Read(
                  record.partition(),
                  record.offset(),
                  new String(record.value(), StandardCharsets.UTF_8),
                  headers.get("onceport-message-id"),
                  headers));
        }
        if (records.size() >= expected && quietUntil == Long.MAX_VALUE) {
          quietUntil = System.nanoTime() + Duration.ofMillis(500).toNanos();
        }
      }
    }
    records.sort(Comparator.comparingInt(Read::partition).thenComparingLong(Read::offset));
    return records;
  }

  static List<String> values(List<Read> records) {
    return records.stream().map(Read::value).toList();
  }
}
