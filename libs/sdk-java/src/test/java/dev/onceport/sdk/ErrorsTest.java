package dev.onceport.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import dev.onceport.v1.GatewayServiceGrpc;
import dev.onceport.v1.OpenSessionRequest;
import dev.onceport.v1.OpenSessionResponse;
import dev.onceport.v1.PublishRequest;
import dev.onceport.v1.PublishResponse;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Retries and error decoding against an in-process gRPC server (no broker). */
class ErrorsTest {
  private record Failure(String reason, boolean retriable, Status.Code code) {}

  private static final class FakeGateway extends GatewayServiceGrpc.GatewayServiceImplBase {
    final List<Failure> failures = Collections.synchronizedList(new ArrayList<>());
    final List<String> publishKeys = Collections.synchronizedList(new ArrayList<>());
    final List<String> traceparents = Collections.synchronizedList(new ArrayList<>());
    int sessions;

    @Override
    public synchronized void openSession(OpenSessionRequest request, StreamObserver<OpenSessionResponse> answer) {
      sessions++;
      answer.onNext(OpenSessionResponse.newBuilder().setSessionId("s" + sessions).build());
      answer.onCompleted();
    }

    @Override
    public void publish(PublishRequest request, StreamObserver<PublishResponse> answer) {
      publishKeys.add(request.getIdempotencyKey());
      if (!failures.isEmpty()) {
        Failure failure = failures.remove(0);
        var info =
            ErrorInfo.newBuilder()
                .setReason(failure.reason())
                .setDomain("onceport.dev")
                .putMetadata("retriable", String.valueOf(failure.retriable()));
        answer.onError(
            StatusProto.toStatusRuntimeException(
                com.google.rpc.Status.newBuilder()
                    .setCode(failure.code().value())
                    .setMessage("scripted")
                    .addDetails(Any.pack(info.build()))
                    .build()));
        return;
      }
      answer.onNext(PublishResponse.newBuilder().setDuplicate(publishKeys.size() > 1).build());
      answer.onCompleted();
    }
  }

  private final List<Server> servers = new ArrayList<>();
  private final List<ManagedChannel> channels = new ArrayList<>();
  private static final RetryPolicy FAST = new RetryPolicy(Duration.ofMillis(1), Duration.ofMillis(10), 2, null);
  private static final List<Record> RECORD = List.of(Record.of("t", "v"));

  private OnceportClient connect(FakeGateway gateway, RetryPolicy retry) throws Exception {
    String name = UUID.randomUUID().toString();
    ServerInterceptor capture =
        new ServerInterceptor() {
          @Override
          public <Q, R> ServerCall.Listener<Q> interceptCall(
              ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
            String traceparent = headers.get(Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER));
            if (traceparent != null) gateway.traceparents.add(traceparent);
            return next.startCall(call, headers);
          }
        };
    servers.add(
        InProcessServerBuilder.forName(name)
            .directExecutor()
            .addService(ServerInterceptors.intercept(gateway, capture))
            .build()
            .start());
    var channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    channels.add(channel);
    return Onceport.connect("in-process", "c", Onceport.Options.DEFAULT.withRetry(retry).withChannel(channel));
  }

  @AfterEach
  void stop() {
    channels.forEach(ManagedChannel::shutdownNow);
    servers.forEach(Server::shutdownNow);
  }

  @Test
  void retriableReasonsAreRetriedWithTheSameKey() throws Exception {
    var gateway = new FakeGateway();
    for (int i = 0; i < 3; i++) gateway.failures.add(new Failure("KAFKA_UNAVAILABLE", true, Status.Code.UNAVAILABLE));
    var result = connect(gateway, FAST).publish(RECORD);
    assertEquals(4, gateway.publishKeys.size());
    assertEquals(1, gateway.publishKeys.stream().distinct().count());
    assertEquals(gateway.publishKeys.get(0), result.idempotencyKey());
  }

  @Test
  void aLostSessionOrOutcomeReopensASessionAndRetriesWithTheSameKey() throws Exception {
    var gateway = new FakeGateway();
    gateway.failures.add(new Failure("SESSION_NOT_FOUND", false, Status.Code.NOT_FOUND));
    gateway.failures.add(new Failure("COMMIT_OUTCOME_UNKNOWN", true, Status.Code.UNAVAILABLE));
    var client = connect(gateway, FAST);
    var result = client.publish(RECORD, "k");
    assertEquals(3, gateway.sessions);
    assertEquals("s3", client.sessionId());
    assertEquals(List.of("k", "k", "k"), gateway.publishKeys);
    assertTrue(result.duplicate());
  }

  @Test
  void fencedIsNeverRetriedAndStopsTheClient() throws Exception {
    var gateway = new FakeGateway();
    gateway.failures.add(new Failure("PRODUCER_FENCED", false, Status.Code.FAILED_PRECONDITION));
    var client = connect(gateway, FAST);
    var fenced = assertThrows(FencedException.class, () -> client.publish(RECORD));
    assertEquals(Status.Code.FAILED_PRECONDITION, fenced.code());
    assertFalse(fenced.retriable());
    assertThrows(FencedException.class, () -> client.publish(RECORD));
    assertEquals(1, gateway.publishKeys.size());
    assertEquals(1, gateway.sessions);
  }

  @Test
  void aNonRetriableReasonIsThrownAsIs() throws Exception {
    var gateway = new FakeGateway();
    gateway.failures.add(new Failure("TOPIC_NOT_FOUND", false, Status.Code.NOT_FOUND));
    var failed = assertThrows(OnceportException.class, () -> connect(gateway, FAST).publish(RECORD));
    assertEquals("TOPIC_NOT_FOUND", failed.reason());
    assertEquals(Status.Code.NOT_FOUND, failed.code());
    assertEquals(1, gateway.publishKeys.size());
  }

  @Test
  void retriesStopAtThePolicyDeadline() throws Exception {
    var gateway = new FakeGateway();
    for (int i = 0; i < 1000; i++) gateway.failures.add(new Failure("SESSION_BUSY", true, Status.Code.RESOURCE_EXHAUSTED));
    var policy = new RetryPolicy(Duration.ofMillis(10), Duration.ofMillis(20), 2, Duration.ofMillis(200));
    var failed = assertThrows(OnceportException.class, () -> connect(gateway, policy).publish(RECORD));
    assertEquals("SESSION_BUSY", failed.reason());
    assertTrue(failed.retriable());
    assertTrue(gateway.publishKeys.size() > 2 && gateway.publishKeys.size() < 1000);
  }

  @Test
  void theTraceContextTravelsAsW3cTraceparent() throws Exception {
    GlobalOpenTelemetry.resetForTest();
    GlobalOpenTelemetry.set(OpenTelemetry.propagating(ContextPropagators.create(W3CTraceContextPropagator.getInstance())));
    try {
      var gateway = new FakeGateway();
      var span =
          Span.wrap(
              SpanContext.create(
                  "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", TraceFlags.getSampled(), TraceState.getDefault()));
      try (var scope = span.makeCurrent()) {
        connect(gateway, FAST).close();
      }
      assertEquals("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", gateway.traceparents.get(0));
    } finally {
      GlobalOpenTelemetry.resetForTest();
    }
  }
}
