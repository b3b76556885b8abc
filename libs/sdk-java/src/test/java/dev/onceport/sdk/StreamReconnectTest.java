package dev.onceport.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.rpc.ErrorInfo;
import dev.onceport.v1.ConsumedRecord;
import dev.onceport.v1.ProcessAck;
import dev.onceport.v1.ProcessBatch;
import dev.onceport.v1.ProcessJoined;
import dev.onceport.v1.ProcessRequest;
import dev.onceport.v1.ProcessResponse;
import dev.onceport.v1.ProcessServiceGrpc;
import dev.onceport.v1.SubscribeRequest;
import dev.onceport.v1.SubscribeResponse;
import dev.onceport.v1.SubscribeServiceGrpc;
import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the streams do when the gateway drops them, against scripted in-process gateways (the
 * fixture's gateway cannot be restarted mid-test): Subscribe resumes from the last position
 * handed out, Process joins again and never answers a batch of a stream that ended.
 */
class StreamReconnectTest {
  private static final RetryPolicy FAST = new RetryPolicy(Duration.ofMillis(1), Duration.ofMillis(10), 2, null);

  private final List<Server> servers = new ArrayList<>();
  private final List<ManagedChannel> channels = new ArrayList<>();

  private ConsumerClient serve(BindableService service) throws Exception {
    String name = UUID.randomUUID().toString();
    servers.add(InProcessServerBuilder.forName(name).addService(service).build().start());
    var channel = InProcessChannelBuilder.forName(name).build();
    channels.add(channel);
    return Onceport.consumer("in-process", "worker", Onceport.Options.DEFAULT.withRetry(FAST).withChannel(channel));
  }

  @AfterEach
  void stop() {
    channels.forEach(ManagedChannel::shutdownNow);
    servers.forEach(Server::shutdownNow);
  }

  private static ConsumedRecord record(long offset) {
    return ConsumedRecord.newBuilder()
        .setTopic("in")
        .setPartition(0)
        .setOffset(offset)
        .setValue(ByteString.copyFromUtf8("v-" + offset))
        .build();
  }

  private static Throwable failure(String reason, Status.Code code, boolean retriable) {
    var info = ErrorInfo.newBuilder().setReason(reason).setDomain("onceport.dev").putMetadata("retriable", String.valueOf(retriable));
    return StatusProto.toStatusRuntimeException(
        com.google.rpc.Status.newBuilder().setCode(code.value()).setMessage("scripted").addDetails(Any.pack(info.build())).build());
  }

  @Test
  void aDroppedSubscriptionResumesFromTheLastPositionHandedOut() throws Exception {
    List<String> positions = Collections.synchronizedList(new ArrayList<>());
    var gateway =
        new SubscribeServiceGrpc.SubscribeServiceImplBase() {
          @Override
          public void subscribe(SubscribeRequest request, StreamObserver<SubscribeResponse> answer) {
            positions.add(request.getPosition());
            long offset = positions.size() - 1;
            answer.onNext(SubscribeResponse.newBuilder().addRecords(record(offset)).setPosition("p-" + (offset + 1)).build());
            // The first stream is cut (no Onceport reason); the second stays open.
            if (offset == 0) answer.onError(Status.UNAVAILABLE.withDescription("connection reset").asRuntimeException());
          }
        };
    List<Reconnect> reconnects = Collections.synchronizedList(new ArrayList<>());
    try (var client = serve(gateway);
        var subscription =
            client.subscribe(SubscribeOptions.builder("in").position("p-0").onReconnect(reconnects::add).build())) {
      assertEquals("v-0", subscription.next().records().get(0).valueString());
      var second = subscription.next();
      assertEquals("v-1", second.records().get(0).valueString());
      assertEquals("p-2", second.position());
      assertEquals("p-2", subscription.position());
    }
    assertEquals(List.of("p-0", "p-1"), positions, "resumed after the batch handed out, not from the start");
    assertEquals(1, reconnects.size());
    assertEquals("GATEWAY_UNAVAILABLE", reconnects.get(0).error().reason());
  }

  @Test
  void aWorkerJoinsAgainAfterALeaseExpiredAndNeverAnswersABatchOfAnEndedStream() throws Exception {
    List<String> results = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger joins = new AtomicInteger();
    AtomicInteger halfCloses = new AtomicInteger();
    var gateway =
        new ProcessServiceGrpc.ProcessServiceImplBase() {
          @Override
          public StreamObserver<ProcessRequest> process(StreamObserver<ProcessResponse> answer) {
            return new StreamObserver<>() {
              int stream;

              @Override
              public void onNext(ProcessRequest request) {
                if (request.hasJoin()) {
                  stream = joins.incrementAndGet();
                  answer.onNext(ProcessResponse.newBuilder().setJoined(ProcessJoined.newBuilder().setLeaseMs(100)).build());
                  // The first stream's first batch; the second stream's batch is the record the first lost.
                  send(stream == 1 ? "b1" : "b3", stream == 1 ? 0 : 1);
                  return;
                }
                String batchId = request.getResult().getBatchId();
                results.add(batchId);
                answer.onNext(ProcessResponse.newBuilder().setAck(ProcessAck.newBuilder().setBatchId(batchId).setNextOffset(1)).build());
                if (batchId.equals("b1")) {
                  send("b2", 1);
                  answer.onError(failure("BATCH_LEASE_EXPIRED", Status.Code.ABORTED, true));
                }
              }

              private void send(String batchId, long offset) {
                answer.onNext(
                    ProcessResponse.newBuilder()
                        .setBatch(ProcessBatch.newBuilder().setBatchId(batchId).setTopic("in").addRecords(record(offset)))
                        .build());
              }

              @Override
              public void onError(Throwable error) {}

              @Override
              public void onCompleted() {
                halfCloses.incrementAndGet();
                answer.onCompleted();
              }
            };
          }
        };
    List<WorkerEvent> events = Collections.synchronizedList(new ArrayList<>());
    try (var client = serve(gateway)) {
      ProcessWorker worker =
          client.process(
              ProcessOptions.builder("g", "in").onEvent(events::add).build(),
              batch -> {
                if (batch.batchId().equals("b2")) {
                  // Handled while its stream ends: the SDK cancels it, and drops whatever comes back.
                  while (!batch.isCancelled()) Thread.sleep(5);
                }
                var input = batch.records().get(0);
                return List.of(ProcessOutput.of(input, Record.of("out", input.valueString())));
              });
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!results.contains("b3") && System.nanoTime() < deadline) Thread.sleep(10);
      worker.close();
      assertTrue(worker.done().isDone() && !worker.done().isCompletedExceptionally());
    }
    assertEquals(List.of("b1", "b3"), results);
    assertEquals(2, joins.get());
    assertEquals(1, halfCloses.get(), "the clean leave half-closed the second stream");
    var reconnect = events.stream().filter(Reconnect.class::isInstance).map(Reconnect.class::cast).toList();
    assertEquals(1, reconnect.size());
    assertEquals("BATCH_LEASE_EXPIRED", reconnect.get(0).error().reason());
    assertEquals(2, events.stream().filter(WorkerEvent.Acked.class::isInstance).count());
  }
}
