package dev.onceport.sdk;

import dev.onceport.v1.ProcessServiceGrpc;
import dev.onceport.v1.SubscribeServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Workers and subscriptions. They need no session (Process and Subscribe are streams of their
 * own), only the channel and the retry policy, so a client made by {@link
 * Onceport#consumer(String)} fences nobody: replicas of a worker, or a reader beside a
 * publisher, may share a client id. {@link OnceportClient} holds one. Thread-safe; closing it
 * stops its workers cleanly and ends its subscriptions.
 */
public final class ConsumerClient implements AutoCloseable {
  private final ManagedChannel channel;
  private final boolean ownsChannel;
  private final String clientId;
  private final RetryPolicy retry;
  private final ProcessServiceGrpc.ProcessServiceStub processStub;
  private final SubscribeServiceGrpc.SubscribeServiceStub subscribeStub;
  private final Set<ProcessWorker> workers = ConcurrentHashMap.newKeySet();
  private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  ConsumerClient(ManagedChannel channel, boolean ownsChannel, String clientId, RetryPolicy retry) {
    this.channel = channel;
    this.ownsChannel = ownsChannel;
    this.clientId = clientId;
    this.retry = retry;
    this.processStub = ProcessServiceGrpc.newStub(channel).withInterceptors(new Tracing());
    this.subscribeStub = SubscribeServiceGrpc.newStub(channel).withInterceptors(new Tracing());
  }

  /**
   * Starts a worker of {@code options.group()}: exactly-once consume-transform-produce (see
   * {@link ProcessWorker}). Its {@code workerId} defaults to the client id.
   */
  public ProcessWorker process(ProcessOptions options, ProcessHandler handler) {
    checkOpen();
    String workerId = options.workerId() != null ? options.workerId() : clientId;
    if (workerId == null) {
      throw Errors.of(
          Reasons.INVALID_ARGUMENT, Status.Code.INVALID_ARGUMENT, "process() needs a workerId (or a client id to default to)", false, null);
    }
    ProcessWorker worker = new ProcessWorker(processStub, retry, options.withWorkerId(workerId), handler);
    workers.add(worker);
    worker.done().whenComplete((ignored, failure) -> workers.remove(worker));
    return worker;
  }

  /** Reads the topics' committed records, resumably (see {@link Subscription}). */
  public Subscription subscribe(SubscribeOptions options) {
    checkOpen();
    Subscription[] made = new Subscription[1];
    made[0] = new Subscription(subscribeStub, options, retry, () -> subscriptions.remove(made[0]));
    subscriptions.add(made[0]);
    return made[0];
  }

  /**
   * Reads the topics from their earliest offsets, or from {@code position}, a token of an
   * earlier batch, when not empty.
   */
  public Subscription subscribe(List<String> topics, String position) {
    return subscribe(SubscribeOptions.builder(topics).position(position).build());
  }

  /** Stops every worker cleanly and ends every subscription, then closes the channel it made. Idempotent. */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    List<ProcessWorker> stopping = new ArrayList<>(workers);
    stopping.forEach(ProcessWorker::stop);
    new ArrayList<>(subscriptions).forEach(Subscription::close);
    for (ProcessWorker worker : stopping) {
      // A worker's failure is its owner's to see, through done(); closing only waits.
      worker.done().handle((ignored, failure) -> null).join();
    }
    if (ownsChannel) {
      channel.shutdown();
      try {
        channel.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void checkOpen() {
    if (closed) throw Errors.of(Reasons.CLIENT_CLOSED, Status.Code.CANCELLED, "the client is closed", false, null);
  }
}
