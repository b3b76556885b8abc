package dev.onceport.sdk;

import dev.onceport.v1.CloseSessionRequest;
import dev.onceport.v1.GatewayServiceGrpc;
import dev.onceport.v1.OpenSessionRequest;
import dev.onceport.v1.PublishRequest;
import dev.onceport.v1.PublishResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/** One session of one client id on the gateway. Thread-safe. Close it when done. */
public final class OnceportClient implements AutoCloseable {
  /** The session is gone, or the commit's answer was lost (which ends it too): reopen, retry with the same key. */
  static final Set<String> REOPEN = Set.of(Reasons.SESSION_NOT_FOUND, Reasons.COMMIT_OUTCOME_UNKNOWN);

  private final ManagedChannel channel;
  private final boolean ownsChannel;
  private final String clientId;
  final RetryPolicy retry;
  final Duration callTimeout;
  private final GatewayServiceGrpc.GatewayServiceBlockingStub blocking;
  final GatewayServiceGrpc.GatewayServiceStub async;
  private final ConsumerClient consumer;
  /**
   * Runs {@link #publishAsync} calls: each is the blocking publish, whose retries wait out
   * backoffs, so it gets a thread of its own rather than one of the common pool's.
   */
  private final ExecutorService asyncPublishes =
      Executors.newCachedThreadPool(
          task -> {
            Thread thread = new Thread(task, "onceport-publish-async");
            thread.setDaemon(true);
            return thread;
          });

  private volatile String sessionId = "";
  private volatile FencedException fenced;
  private volatile boolean closed;

  OnceportClient(ManagedChannel channel, boolean ownsChannel, String clientId, Onceport.Options options) {
    this.channel = channel;
    this.ownsChannel = ownsChannel;
    this.clientId = clientId;
    this.retry = options.retry();
    this.callTimeout = options.callTimeout();
    this.blocking = GatewayServiceGrpc.newBlockingStub(channel).withInterceptors(new Tracing());
    this.async = GatewayServiceGrpc.newStub(channel).withInterceptors(new Tracing());
    this.consumer = new ConsumerClient(channel, false, clientId, options.retry());
  }

  public String clientId() {
    return clientId;
  }

  public String sessionId() {
    return sessionId;
  }

  /** Publishes with a new idempotency key. See {@link #publish(List, String)}. */
  public PublishResult publish(List<Record> records) {
    return publish(records, UUID.randomUUID().toString());
  }

  /**
   * Writes the records in one transaction, all or nothing, and returns where they landed. A
   * lost answer, a lost session or a busy gateway is retried with the same key until the
   * outcome is known: a retry of a publish that did commit returns its first result with
   * {@code duplicate} set, and writes nothing.
   *
   * @throws FencedException when another session of this client id took over
   */
  public PublishResult publish(List<Record> records, String idempotencyKey) {
    var protos = Record.toProtos(records);
    PublishResponse response =
        call(
            (session, stub) ->
                stub.publish(
                    PublishRequest.newBuilder()
                        .setSessionId(session)
                        .setIdempotencyKey(idempotencyKey)
                        .addAllRecords(protos)
                        .build()));
    return new PublishResult(idempotencyKey, RecordResult.from(response.getResultsList()), response.getDuplicate());
  }

  /** {@link #publishAsync(List, String)} with a new idempotency key. */
  public CompletableFuture<PublishResult> publishAsync(List<Record> records) {
    return publishAsync(records, UUID.randomUUID().toString());
  }

  /**
   * {@link #publish(List, String)} without waiting: the future completes once the outcome is
   * known (committed, or a duplicate of a committed key), or exceptionally with the same
   * {@link OnceportException} the blocking call would throw. For many small publishes in
   * order, {@link #publisher()} is faster.
   */
  public CompletableFuture<PublishResult> publishAsync(List<Record> records, String idempotencyKey) {
    checkUsable();
    List<Record> copy = List.copyOf(records);
    return CompletableFuture.supplyAsync(() -> publish(copy, idempotencyKey), asyncPublishes);
  }

  /** The body of {@link #transaction(TransactionBody)}. */
  @FunctionalInterface
  public interface TransactionBody {
    void run(Transaction tx) throws Exception;
  }

  /** Runs {@code body} in a transaction with a new key. See {@link #transaction(String, TransactionBody)}. */
  public PublishResult transaction(TransactionBody body) throws Exception {
    return transaction(UUID.randomUUID().toString(), body);
  }

  /**
   * Runs {@code body} in an interactive transaction: commits when it returns, aborts when it
   * throws (and rethrows). When a transaction with the same key committed before, the body is
   * not run and the first transaction's result comes back with {@code duplicate} set.
   */
  public PublishResult transaction(String idempotencyKey, TransactionBody body) throws Exception {
    try (Transaction tx = beginTransaction(idempotencyKey)) {
      if (tx.alreadyCommitted()) return tx.commit();
      body.run(tx);
      return tx.commit();
    }
  }

  /**
   * Begins an interactive transaction for try-with-resources: {@code commit()} it; leaving the
   * block without committing aborts it.
   */
  public Transaction beginTransaction() {
    return beginTransaction(UUID.randomUUID().toString());
  }

  public Transaction beginTransaction(String idempotencyKey) {
    return Transaction.begin(this, idempotencyKey);
  }

  /** A publish stream for throughput: {@code publish} returns a future, acknowledged in order after the commit. */
  public Publisher publisher() {
    checkUsable();
    return new Publisher(this);
  }

  /**
   * Reads the topics' committed records through the gateway, from the earliest offset (or
   * from {@code position}, a token of an earlier batch, when not empty). See {@link
   * ConsumerClient#subscribe(SubscribeOptions)}.
   */
  public Subscription subscribe(List<String> topics, String position) {
    checkUsable();
    return consumer.subscribe(topics, position);
  }

  /** A resumable read_committed reading (see {@link Subscription}); needs no session. */
  public Subscription subscribe(SubscribeOptions options) {
    checkUsable();
    return consumer.subscribe(options);
  }

  /**
   * Starts a worker: exactly-once consume-transform-produce (see {@link ProcessWorker}); its
   * {@code workerId} defaults to this client's id. It needs no session.
   */
  public ProcessWorker process(ProcessOptions options, ProcessHandler handler) {
    checkUsable();
    return consumer.process(options, handler);
  }

  /**
   * Stops the workers cleanly, ends the subscriptions, closes the session (aborting its open
   * transaction) and the channel it made. Idempotent.
   */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    asyncPublishes.shutdown(); // those under way finish (or fail as the client closes)
    try {
      consumer.close();
      if (!sessionId.isEmpty() && fenced == null) {
        stub().closeSession(CloseSessionRequest.newBuilder().setSessionId(sessionId).build());
      }
    } catch (RuntimeException ignored) {
      // the gateway closes idle sessions itself
    } finally {
      if (ownsChannel) {
        channel.shutdown();
        try {
          channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  // --- for Transaction and Publisher ---------------------------------------------------

  GatewayServiceGrpc.GatewayServiceBlockingStub stub() {
    return blocking.withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  void checkUsable() {
    if (fenced != null) throw fenced;
    if (closed) throw new OnceportException(Reasons.CLIENT_CLOSED, Status.Code.CANCELLED, "the client is closed", false, null);
  }

  /** What an error means for the client: a fenced client stops for good. */
  OnceportException failed(Throwable error) {
    OnceportException failure = Errors.from(error);
    if (failure instanceof FencedException fencedError) fenced = fencedError;
    return failure;
  }

  /**
   * Runs {@code attempt} until it succeeds or fails for good: retriable errors after a backoff,
   * a lost session or outcome on a new session. Never retries PRODUCER_FENCED.
   */
  <T> T call(BiFunction<String, GatewayServiceGrpc.GatewayServiceBlockingStub, T> attempt) {
    RetryPolicy.Backoff backoff = retry.start();
    while (true) {
      checkUsable();
      String session = sessionId;
      OnceportException failure;
      try {
        return attempt.apply(session, stub());
      } catch (RuntimeException error) {
        failure = failed(error);
      }
      if (failure instanceof FencedException) throw failure;
      if (REOPEN.contains(failure.reason())) {
        reopen(session);
      } else if (!failure.retriable() || !backoff.await()) {
        throw failure;
      }
    }
  }

  /** Opens a new session unless another thread already replaced {@code staleSessionId}. */
  synchronized void reopen(String staleSessionId) {
    if (sessionId.equals(staleSessionId)) openSession();
  }

  synchronized void openSession() {
    RetryPolicy.Backoff backoff = retry.start();
    while (true) {
      checkUsable();
      try {
        sessionId = stub().openSession(OpenSessionRequest.newBuilder().setClientId(clientId).build()).getSessionId();
        return;
      } catch (RuntimeException error) {
        OnceportException failure = failed(error);
        if (!failure.retriable() || !backoff.await()) throw failure;
      }
    }
  }
}
