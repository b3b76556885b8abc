package dev.onceport.sdk;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The Java step of the cross-language test (tools/gateway-fixture/test/cross-language.spec.ts):
 * reads a topic through the gateway's Subscribe with the SDK and prints one line per record,
 * "partition offset value"; then reads it again with a plain read_committed Kafka consumer
 * and prints "consumer partition offset value" lines, so the test can hold both to the same
 * data.
 *
 * <p>Usage: CrossLanguageRead &lt;gateway address&gt; &lt;brokers&gt; &lt;topic&gt; &lt;expected count&gt;
 */
public final class CrossLanguageRead {
  private CrossLanguageRead() {}

  public static void main(String[] args) {
    String address = args[0];
    String brokers = args[1];
    String topic = args[2];
    int expected = Integer.parseInt(args[3]);
    try (var client = Onceport.connect(address, "java-reader-" + System.nanoTime());
        var subscription = client.subscribe(List.of(topic), "")) {
      int read = 0;
      while (read < expected) {
        for (var record : subscription.next().records()) {
          System.out.println(
              record.partition() + " " + record.offset() + " " + new String(record.value(), StandardCharsets.UTF_8));
          read++;
        }
      }
    }
    for (var record : KafkaReader.read(brokers, topic, expected, true)) {
      System.out.println("consumer " + record.partition() + " " + record.offset() + " " + record.value());
    }
  }
}
