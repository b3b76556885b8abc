package dev.onceport.sdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The SDK's subscribe(): committed records only, resumable from a position, against a real gateway. */
class SubscribeTest {
  /** Reads until {@code count} records came (failing after a minute), then for {@code extra} more, to see that nothing else comes. */
  private static List<ConsumedRecord> collect(Subscription subscription, int count, Duration extra) {
    List<ConsumedRecord> records = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (records.size() < count) {
      if (System.nanoTime() > deadline) fail("only " + records.size() + " of " + count + " records came");
      var batch = subscription.poll(Duration.ofMillis(500));
      if (batch != null) records.addAll(batch.records());
    }
    for (long quiet = System.nanoTime() + extra.toNanos(); System.nanoTime() < quiet; ) {
      var batch = subscription.poll(Duration.ofMillis(100));
      if (batch != null) records.addAll(batch.records());
    }
    return records;
  }

  private static List<String> values(List<ConsumedRecord> records) {
    return records.stream().map(ConsumedRecord::valueString).sorted().toList();
  }

  @Test
  void readsCommittedRecordsOnlyAndResumesFromAPositionWithNothingTwiceAndNothingMissed() throws Exception {
    String topic = TestEnvironment.createTopic(2);
    try (var client = Onceport.connect(TestEnvironment.address(), TestEnvironment.uniqueClientId())) {
      client.publish(
          List.of(
              Record.of(topic, "a-0").withPartition(0),
              Record.of(topic, "a-1").withPartition(1),
              Record.of(topic, "a-2").withPartition(0)));
      assertThrows(
          IllegalStateException.class,
          () ->
              client.transaction(
                  tx -> {
                    tx.send(List.of(Record.of(topic, "aborted-0").withPartition(0), Record.of(topic, "aborted-1").withPartition(1)));
                    throw new IllegalStateException("payment declined");
                  }));
      client.publish(
          List.of(
              Record.of(topic, "b-0").withPartition(0).withKey("k".getBytes()).withHeaders(Map.of("source", "test".getBytes())),
              Record.of(topic, "b-1").withPartition(1)));

      // Everything committed, nothing of the aborted transaction.
      String last;
      try (var subscription = client.subscribe(List.of(topic), "")) {
        var read = collect(subscription, 5, Duration.ofSeconds(1));
        assertEquals(List.of("a-0", "a-1", "a-2", "b-0", "b-1"), values(read));
        var b0 = read.stream().filter(r -> r.valueString().equals("b-0")).findFirst().orElseThrow();
        assertEquals(topic, b0.topic());
        assertEquals(0, b0.partition());
        assertArrayEquals("k".getBytes(), b0.key());
        assertArrayEquals("test".getBytes(), b0.headers().get("source"));
        assertTrue(new String(b0.headers().get("onceport-message-id")).endsWith("/0"));
        assertTrue(b0.timestampMs() > 0);
        last = subscription.position();
        assertTrue(last.startsWith("p1."), last);
      }

      // Resumed after the first batch only: the rest, nothing of that batch again, no gap.
      String afterFirst;
      List<ConsumedRecord> firstBatch;
      try (var subscription = client.subscribe(List.of(topic), "")) {
        var batch = subscription.next();
        firstBatch = batch.records();
        afterFirst = batch.position();
        assertEquals(afterFirst, subscription.position());
      }
      try (var resumed = client.subscribe(SubscribeOptions.builder(topic).position(afterFirst).build())) {
        var rest = collect(resumed, 5 - firstBatch.size(), Duration.ofSeconds(1));
        var all = new ArrayList<>(firstBatch);
        all.addAll(rest);
        assertEquals(List.of("a-0", "a-1", "a-2", "b-0", "b-1"), values(all));
      }

      // Resumed from the end: only what was committed since.
      client.publish(List.of(Record.of(topic, "c-0").withPartition(1), Record.of(topic, "c-1").withPartition(0)));
      try (var resumed = client.subscribe(List.of(topic), last)) {
        assertEquals(List.of("c-0", "c-1"), values(collect(resumed, 2, Duration.ofSeconds(1))));
      }
    }
  }

  @Test
  void aStartAtTheLatestOffsetsKnowsItsPositionBeforeAnyBatchAndAResumeFromItMissesNothing() throws Exception {
    String topic = TestEnvironment.createTopic(2);
    try (var client = Onceport.connect(TestEnvironment.address(), TestEnvironment.uniqueClientId())) {
      client.publish(List.of(Record.of(topic, "before").withPartition(0)));
      // Committed once its marker is written, which may come just after the publish answers.
      KafkaReader.read(TestEnvironment.brokers(), topic, 1, true);
      String position;
      try (var subscription = client.subscribe(SubscribeOptions.builder(topic).startAtLatest(true).build())) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (subscription.position().isEmpty()) {
          if (System.nanoTime() > deadline) fail("no position came");
          assertNull(subscription.poll(Duration.ofMillis(100)), "no batch: nothing was committed since the start");
        }
        position = subscription.position();
        assertTrue(position.startsWith("p1."), position);
      }
      // Committed while no one reads; resumed from the position, it is read, and only it.
      client.publish(List.of(Record.of(topic, "meanwhile").withPartition(1)));
      try (var resumed =
          client.subscribe(SubscribeOptions.builder(topic).startAtLatest(true).position(position).build())) {
        assertEquals(List.of("meanwhile"), values(collect(resumed, 1, Duration.ofSeconds(1))));
      }
    }
  }

  @Test
  void anUnknownTopicEndsTheSubscriptionWithTopicNotFoundAndAClosedOneEndsTheIteration() {
    try (var client = Onceport.connect(TestEnvironment.address(), TestEnvironment.uniqueClientId())) {
      try (var subscription = client.subscribe(List.of("no-such-topic-anywhere"), "")) {
        var failed = assertThrows(OnceportException.class, subscription::next);
        assertEquals("TOPIC_NOT_FOUND", failed.reason());
        assertFalse(failed.retriable());
        assertThrows(OnceportException.class, subscription::next, "the failure stays");
      }
      var subscription = client.subscribe(List.of("no-such-topic-anywhere"), "");
      subscription.close();
      assertFalse(subscription.iterator().hasNext());
      assertEquals("CLIENT_CLOSED", assertThrows(OnceportException.class, subscription::next).reason());
    }
  }
}
