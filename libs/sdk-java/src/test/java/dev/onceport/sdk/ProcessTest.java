package dev.onceport.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.grpc.ManagedChannelBuilder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Exactly-once consume-transform-produce through the SDK's {@code process()}, against a real
 * gateway and broker: the outputs are read back from Kafka with a plain read_committed consumer.
 */
class ProcessTest {
  /** An input record: its value and where it landed. */
  private record Input(String value, int partition, long offset) {}

  /** Publishes {@code count} inputs "in-i", spread over the partitions. */
  private static List<Input> seed(OnceportClient client, String topic, int count, int partitions) {
    List<Input> inputs = new ArrayList<>();
    for (int start = 0; start < count; start += 100) {
      List<Record> records =
          IntStream.range(start, Math.min(count, start + 100))
              .mapToObj(i -> Record.of(topic, "in-" + i).withPartition(i % partitions))
              .toList();
      var results = client.publish(records).results();
      for (int i = 0; i < records.size(); i++) {
        inputs.add(new Input(new String(records.get(i).value()), results.get(i).partition(), results.get(i).offset()));
      }
    }
    return inputs;
  }

  /** One output per input, and a second one for every fifth: the handler may give several. */
  private static ProcessHandler transform(String output) {
    return ProcessHandler.eachRecord(
        record -> {
          String value = record.valueString();
          List<Record> outputs = new ArrayList<>(List.of(Record.of(output, value + ":0")));
          if (Integer.parseInt(value.substring(3)) % 5 == 0) outputs.add(Record.of(output, value + ":1"));
          return outputs;
        });
  }

  /**
   * Every input's outputs exactly once, nothing else: each output read back is the transform's
   * of one input, with the message id and input header the gateway derives from that input.
   * Returns the worker ids that wrote them.
   */
  private static Set<String> assertEachInputsOutputsExactlyOnce(
      List<Input> inputs, String inputTopic, String outputTopic, String group) {
    Map<String, String> expected = new HashMap<>(); // message id -> value
    for (Input input : inputs) {
      String prefix = group + "/" + inputTopic + "/" + input.partition() + "/" + input.offset() + "/";
      expected.put(prefix + "0", input.value() + ":0");
      if (Integer.parseInt(input.value().substring(3)) % 5 == 0) expected.put(prefix + "1", input.value() + ":1");
    }
    var read = KafkaReader.read(TestEnvironment.brokers(), outputTopic, expected.size(), true);
    Map<String, Integer> seen = new HashMap<>();
    Set<String> writers = new HashSet<>();
    List<String> unexpected = new ArrayList<>();
    for (var record : read) {
      seen.merge(record.messageId(), 1, Integer::sum);
      writers.add(record.headers().get("onceport-client-id"));
      if (!record.value().equals(expected.get(record.messageId()))) unexpected.add(record.messageId() + "=" + record.value());
      String[] id = record.messageId().split("/");
      assertEquals(inputTopic + "/" + id[2] + "/" + id[3], record.headers().get("onceport-input"));
    }
    assertEquals(List.of(), unexpected, "outputs that are no input's");
    List<String> twice = seen.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
    assertEquals(List.of(), twice, "outputs written twice");
    List<String> missing = expected.keySet().stream().filter(id -> !seen.containsKey(id)).sorted().toList();
    assertEquals(List.of(), missing, "outputs never written");
    assertEquals(expected.size(), read.size());
    return writers;
  }

  /** Waits for what the gateway does in its own time; fails (never hangs) after a minute. */
  private static void awaitUntil(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) fail("gave up waiting until " + what);
      Thread.sleep(20);
    }
  }

  private static long nextOffsetAfter(List<Input> inputs) {
    return inputs.stream().mapToLong(Input::offset).max().orElseThrow() + 1;
  }

  @Test
  void everyInputsOutputsAreWrittenExactlyOnceWithTheInputOffsets() throws Exception {
    String input = TestEnvironment.createTopic(3);
    String output = TestEnvironment.createTopic(2);
    String group = TestEnvironment.uniqueClientId();
    List<WorkerEvent> events = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger acked = new AtomicInteger();
    String workerId = TestEnvironment.uniqueClientId();
    try (var client = Onceport.connect(TestEnvironment.address(), workerId)) {
      List<Input> inputs = seed(client, input, 300, 3);
      var options =
          ProcessOptions.builder(group, input)
              .maxBatchRecords(20)
              .maxInFlightBatches(2)
              .onEvent(
                  event -> {
                    events.add(event);
                    if (event instanceof WorkerEvent.Acked ack) acked.addAndGet(ack.records());
                  })
              .build();
      ProcessWorker worker;
      try (var running = client.process(options, transform(output))) {
        worker = running;
        awaitUntil(() -> acked.get() >= 300, "every input was acked");
      } // a clean leave
      assertTrue(worker.done().isDone() && !worker.done().isCompletedExceptionally());
      assertEquals(300, acked.get(), "each input acked once");
      assertEquals(Set.of(workerId), assertEachInputsOutputsExactlyOnce(inputs, input, output, group));
    }
    var joined = events.stream().filter(WorkerEvent.Joined.class::isInstance).map(WorkerEvent.Joined.class::cast).toList();
    assertEquals(1, joined.size());
    assertTrue(joined.get(0).leaseMs() > 0);
    assertEquals(20, joined.get(0).maxBatchRecords());
    assertTrue(events.stream().anyMatch(WorkerEvent.Assigned.class::isInstance));
    for (var event : events) {
      if (event instanceof WorkerEvent.Acked ack) {
        assertTrue(ack.records() > 0 && ack.records() <= 20, "batches within maxBatchRecords");
        assertFalse(ack.results().isEmpty());
      }
    }
  }

  @Test
  void aWorkerKilledMidBatchLosesItsBatchToASecondWorkerAndNothingIsWrittenTwice() throws Exception {
    String input = TestEnvironment.createTopic(1);
    String output = TestEnvironment.createTopic(1);
    String group = TestEnvironment.uniqueClientId();
    String firstId = TestEnvironment.uniqueClientId();
    String secondId = TestEnvironment.uniqueClientId();
    List<Input> inputs;
    try (var seeder = Onceport.connect(TestEnvironment.address(), TestEnvironment.uniqueClientId())) {
      inputs = seed(seeder, input, 100, 1);
    }
    long end = nextOffsetAfter(inputs);

    // The first worker commits three batches, then hangs in the fourth until it is killed.
    ProcessHandler transform = transform(output);
    CountDownLatch hanging = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger batches = new AtomicInteger();
    List<Long> heldOffsets = Collections.synchronizedList(new ArrayList<>());
    var firstChannel = ManagedChannelBuilder.forTarget(TestEnvironment.address()).usePlaintext().build();
    var firstClient =
        Onceport.consumer(TestEnvironment.address(), firstId, Onceport.Options.DEFAULT.withChannel(firstChannel));
    AtomicInteger secondAcked = new AtomicInteger();
    AtomicLong secondAt = new AtomicLong();
    try {
      var first =
          firstClient.process(
              ProcessOptions.builder(group, input).maxBatchRecords(10).build(),
              batch -> {
                List<ProcessOutput> outputs = transform.handle(batch);
                if (batches.incrementAndGet() == 4) {
                  batch.records().forEach(record -> heldOffsets.add(record.offset()));
                  hanging.countDown();
                  release.await(); // answers only after it was killed: too late to be written
                }
                return outputs;
              });
      assertTrue(hanging.await(60, TimeUnit.SECONDS), "the first worker got a fourth batch");
      firstChannel.shutdownNow(); // killed: the connection is gone, its lease with it

      try (var secondClient = Onceport.consumer(TestEnvironment.address());
          var second =
              secondClient.process(
                  ProcessOptions.builder(group, input)
                      .workerId(secondId)
                      .maxBatchRecords(10)
                      .onEvent(
                          event -> {
                            if (event instanceof WorkerEvent.Acked ack) {
                              secondAcked.incrementAndGet();
                              secondAt.accumulateAndGet(ack.nextOffset(), Math::max);
                            }
                          })
                      .build(),
                  transform)) {
        awaitUntil(() -> secondAt.get() >= end, "the second worker committed the last input");
        release.countDown(); // the killed worker's late answer goes nowhere
        first.close(); // it was reconnecting to a shut-down channel: it stops cleanly
        assertTrue(secondAcked.get() > 0);
      }
    } finally {
      release.countDown();
      firstClient.close();
    }

    Set<String> writers = assertEachInputsOutputsExactlyOnce(inputs, input, output, group);
    assertEquals(Set.of(firstId, secondId), writers, "both wrote some: the first its three batches, the second the rest");
    // The batch the first worker held was written by the second.
    var read = KafkaReader.read(TestEnvironment.brokers(), output, 1, true);
    for (var record : read) {
      long inputOffset = Long.parseLong(record.messageId().split("/")[3]);
      if (heldOffsets.contains(inputOffset)) assertEquals(secondId, record.headers().get("onceport-client-id"));
    }
  }

  @Test
  void aHandlerThatThrowsStopsTheWorkerWithItsExceptionAndItsBatchIsNotWritten() throws Exception {
    String input = TestEnvironment.createTopic(1);
    String output = TestEnvironment.createTopic(1);
    String group = TestEnvironment.uniqueClientId();
    try (var client = Onceport.connect(TestEnvironment.address(), TestEnvironment.uniqueClientId())) {
      List<Input> inputs = seed(client, input, 20, 1);
      long failing = inputs.get(12).offset();
      ProcessHandler transform = transform(output);
      var failure = new IllegalStateException("the rates service is down");
      var worker =
          client.process(
              ProcessOptions.builder(group, input).maxBatchRecords(5).build(),
              batch -> {
                if (batch.records().stream().anyMatch(r -> r.offset() == failing)) throw failure;
                return transform.handle(batch);
              });
      var thrown = assertInstanceOf(ExecutionException.class, catchFrom(() -> worker.done().get(60, TimeUnit.SECONDS)));
      assertEquals(failure, thrown.getCause());
      // Batches before the failing one may have committed; nothing of it or after.
      for (var record : KafkaReader.read(TestEnvironment.brokers(), output, 0, true)) {
        assertTrue(Long.parseLong(record.messageId().split("/")[3]) < failing, record.messageId());
      }

      // A healthy worker of the group takes over from the committed offsets: exactly once in all.
      AtomicLong at = new AtomicLong();
      try (var healthy =
          client.process(
              ProcessOptions.builder(group, input)
                  .maxBatchRecords(5)
                  .onEvent(e -> {
                    if (e instanceof WorkerEvent.Acked ack) at.accumulateAndGet(ack.nextOffset(), Math::max);
                  })
                  .build(),
              transform)) {
        awaitUntil(() -> at.get() >= nextOffsetAfter(inputs), "the healthy worker committed the last input");
      }
      assertEachInputsOutputsExactlyOnce(inputs, input, output, group);

      var refused = client.process(ProcessOptions.builder(group, "no-such-topic-anywhere").build(), transform);
      var ended = assertInstanceOf(ExecutionException.class, catchFrom(() -> refused.done().get(60, TimeUnit.SECONDS)));
      var error = assertInstanceOf(OnceportException.class, ended.getCause());
      assertEquals("TOPIC_NOT_FOUND", error.reason());
      assertFalse(error.retriable());
    }
  }

  private interface Action {
    void run() throws Exception;
  }

  private static Exception catchFrom(Action action) {
    try {
      action.run();
    } catch (Exception thrown) {
      return thrown;
    }
    return fail("expected a failure");
  }
}
