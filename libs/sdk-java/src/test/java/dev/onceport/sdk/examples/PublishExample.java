package dev.onceport.sdk.examples;

import dev.onceport.sdk.Onceport;
import dev.onceport.sdk.PublishResult;
import dev.onceport.sdk.Record;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes to a topic through the gateway: once, again with the same key, in a transaction,
 * and on a stream. Gateway: ONCEPORT_ADDRESS, default 127.0.0.1:50051; topic: the first
 * argument, default "orders".
 */
public final class PublishExample {
  private PublishExample() {}

  public static void main(String[] args) throws Exception {
    String address = System.getenv().getOrDefault("ONCEPORT_ADDRESS", "127.0.0.1:50051");
    String topic = args.length > 0 ? args[0] : "orders";
    try (var client = Onceport.connect(address, "example-java")) {
      var order = List.of(Record.of(topic, "created").withKey("o-1".getBytes()));
      PublishResult first = client.publish(order, "o-1");
      PublishResult again = client.publish(order, "o-1");
      System.out.println(
          "published at " + first.results().get(0).offset() + "; again with the same key: duplicate = " + again.duplicate());

      PublishResult tx =
          client.transaction(
              t -> {
                t.send(List.of(Record.of(topic, "step 1")));
                t.send(List.of(Record.of(topic, "step 2")));
              });
      System.out.println("transaction committed at " + tx.results().stream().map(r -> r.offset()).toList());

      List<CompletableFuture<PublishResult>> acks = new ArrayList<>();
      try (var publisher = client.publisher()) {
        for (int i = 0; i < 100; i++) acks.add(publisher.publish(List.of(Record.of(topic, "event " + i))));
      }
      System.out.println(
          "stream: 100 publishes acknowledged, the last at " + acks.get(99).get().results().get(0).offset());
    }
  }
}
