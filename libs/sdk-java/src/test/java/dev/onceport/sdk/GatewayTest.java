package dev.onceport.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The SDK's exactly-once behaviour, against a real gateway and broker. */
class GatewayTest {
  @Test
  void publishIsAtomicAcrossPartitionsAndLandsAtTheReturnedOffsets() throws Exception {
    String topic = TestEnvironment.createTopic(2);
    PublishResult result;
    try (var client = Onceport.connect(TestEnvironment.address(), TestEnvironment.uniqueClientId())) {
      result =
          client.publish(
              List.of(
                  Record.of(topic, "a").withPartition(0).withKey("k0".getBytes()),
                  Record.of(topic, "b").withPartition(1).withKey("k1".getBytes())));
    }
    assertFalse(result.duplicate());
    var read = KafkaReader.read(TestEnvironment.brokers(), topic, 2, true);
    assertEquals(List.of("a", "b"), KafkaReader.values(read));
    for (int i = 0; i < 2; i++) {
      RecordResult landed = result.results().get(i);
      assertEquals(landed.partition(), read.get(i).partition());
      assertEquals(landed.offset(), read.get(i).offset());
      assertEquals(landed.messageId(), read.get(i).messageId());
    }
  }

  @Test
  void theSameIdempotencyKeyTwiceWritesOneCopy() throws Exception {
    String topic = TestEnvironment.createTopic(1);
    try (var client = Onceport.connect(TestEnvironment.address(), TestEnvironment.uniqueClientId())) {
      var first = client.publish(List.of(Record.of(topic, "once")), "order-1");
      var second = client.publish(List.of(Record.of(topic, "once")), "order-1");
      assertFalse(first.duplicate());
      assertTrue(second.duplicate());
      assertEquals(first.results(), second.results());
    }
    assertEquals(List.of("once"), KafkaReader.values(KafkaReader.read(TestEnvironment.brokers(), topic, 1, true)));
  }

  @Test
  void aTransactionThatThrowsIsAbortedAndShowsNothing() throws Exception {
    String topic = TestEnvironment.createTopic(1);
    try (var client = Onceport.connect(TestEnvironment.address(), TestEnvironment.uniqueClientId())) {
      var thrown =
          assertThrows(
              IllegalStateException.class,
              () ->
                  client.transaction(
                      tx -> {
                        tx.send(List.of(Record.of(topic, "never")));
                        throw new IllegalStateException("changed my mind");
                      }));
      assertEquals("changed my mind", thrown.getMessage());
      // try-with-resources without commit aborts too
      try (var tx = client.beginTransaction()) {
        tx.send(List.of(Record.of(topic, "never either")));
      }
      // A committed marker after them: once it is read, the aborted records would have been too.
      client.publish(List.of(Record.of(topic, "marker")));
    }
    var brokers = TestEnvironment.brokers();
    assertEquals(List.of("marker"), KafkaReader.values(KafkaReader.read(brokers, topic, 1, true)));
    assertEquals(
        List.of("never", "never either", "marker"), KafkaReader.values(KafkaReader.read(brokers, topic, 3, false)));
  }

  @Test
  void aTransactionCommitsWhenItsBodyReturns() throws Exception {
    String topic = TestEnvironment.createTopic(1);
    try (var client = Onceport.connect(TestEnvironment.address(), TestEnvironment.uniqueClientId())) {
      var first =
          client.transaction(
              "tx-1",
              tx -> {
                tx.send(List.of(Record.of(topic, "one")));
                tx.send(List.of(Record.of(topic, "two")));
              });
      assertEquals(List.of(0L, 1L), first.results().stream().map(RecordResult::offset).toList());
      boolean[] ran = {false};
      var again = client.transaction("tx-1", tx -> ran[0] = true);
      assertFalse(ran[0]);
      assertTrue(again.duplicate());
      assertEquals(first.results(), again.results());
    }
    assertEquals(
        List.of("one", "two"), KafkaReader.values(KafkaReader.read(TestEnvironment.brokers(), topic, 2, true)));
  }

  @Test
  void aSecondClientWithTheSameIdFencesTheFirst() throws Exception {
    String topic = TestEnvironment.createTopic(1);
    String id = TestEnvironment.uniqueClientId();
    try (var first = Onceport.connect(TestEnvironment.address(), id)) {
      first.publish(List.of(Record.of(topic, "before")));
      try (var second = Onceport.connect(TestEnvironment.address(), id)) {
        var fenced = assertThrows(FencedException.class, () -> first.publish(List.of(Record.of(topic, "zombie"))));
        assertEquals("PRODUCER_FENCED", fenced.reason());
        assertFalse(fenced.retriable());
        String session = first.sessionId();
        assertThrows(FencedException.class, () -> first.publish(List.of(Record.of(topic, "again"))));
        assertEquals(session, first.sessionId(), "a fenced client never opens a new session");
        second.publish(List.of(Record.of(topic, "after")));
      }
    }
    assertEquals(
        List.of("before", "after"), KafkaReader.values(KafkaReader.read(TestEnvironment.brokers(), topic, 2, true)));
  }

  @Test
  void thePublishStreamAcknowledgesInOrderOnceCommitted() throws Exception {
    String topic = TestEnvironment.createTopic(1);
    List<CompletableFuture<PublishResult>> futures = new ArrayList<>();
    CompletableFuture<PublishResult> duplicate;
    try (var client = Onceport.connect(TestEnvironment.address(), TestEnvironment.uniqueClientId());
        var publisher = client.publisher()) {
      for (int i = 0; i < 20; i++) futures.add(publisher.publish(List.of(Record.of(topic, "m" + i))));
      String firstKey = futures.get(0).get(30, TimeUnit.SECONDS).idempotencyKey();
      duplicate = publisher.publish(List.of(Record.of(topic, "m0")), firstKey);
    }
    long previous = -1;
    for (var future : futures) {
      long offset = future.get(30, TimeUnit.SECONDS).results().get(0).offset();
      assertTrue(offset > previous, "acknowledged in order");
      previous = offset;
    }
    assertTrue(duplicate.get(30, TimeUnit.SECONDS).duplicate());
    assertEquals(
        IntStream.range(0, 20).mapToObj(i -> "m" + i).toList(),
        KafkaReader.values(KafkaReader.read(TestEnvironment.brokers(), topic, 20, true)));
  }

  @Test
  void publishAsyncCompletesOnceCommittedAndAKeyTwiceWritesOneCopy() throws Exception {
    String topic = TestEnvironment.createTopic(1);
    try (var client = Onceport.connect(TestEnvironment.address(), TestEnvironment.uniqueClientId())) {
      var first = client.publishAsync(List.of(Record.of(topic, "async")), "async-1").get(30, TimeUnit.SECONDS);
      var again = client.publishAsync(List.of(Record.of(topic, "async")), "async-1").get(30, TimeUnit.SECONDS);
      assertFalse(first.duplicate());
      assertTrue(again.duplicate());
      assertEquals(first.results(), again.results());
      var failed =
          assertThrows(
              java.util.concurrent.ExecutionException.class,
              () -> client.publishAsync(List.of(Record.of("no-such-topic-anywhere", "x"))).get(30, TimeUnit.SECONDS));
      assertEquals("TOPIC_NOT_FOUND", assertInstanceOf(OnceportException.class, failed.getCause()).reason());
    }
    assertEquals(List.of("async"), KafkaReader.values(KafkaReader.read(TestEnvironment.brokers(), topic, 1, true)));
  }

  @Test
  void aBadPublishThrowsATypedError() {
    try (var client = Onceport.connect(TestEnvironment.address(), TestEnvironment.uniqueClientId())) {
      var failed =
          assertThrows(
              OnceportException.class, () -> client.publish(List.of(Record.of("no-such-topic-anywhere", "x"))));
      assertEquals("TOPIC_NOT_FOUND", failed.reason());
      assertFalse(failed.retriable());
      assertFalse(failed instanceof FencedException);
      assertInstanceOf(OnceportException.class, failed);
    }
  }
}
