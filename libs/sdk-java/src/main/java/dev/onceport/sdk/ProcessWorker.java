package dev.onceport.sdk;

import dev.onceport.v1.ProcessJoin;
import dev.onceport.v1.ProcessServiceGrpc;
import io.grpc.Status;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running worker, made by {@code client.process(options, handler)}: it joins the group,
 * hands each batch to the handler and answers with the outputs, which the gateway commits with
 * the input offsets in one Kafka transaction. When the stream ends retriably (the gateway
 * restarted or stops, a lease ran out, Kafka was unreachable) it joins again, with the client's
 * backoff, counted from the last successful join; what was not committed is delivered again,
 * so every input's outputs are written exactly once.
 *
 * <p>{@link #close()} (or {@link #stop()}) leaves the group cleanly: no more batches taken, the
 * ones being handled committed (acked or rejected), then the stream half-closed.
 */
public final class ProcessWorker implements AutoCloseable {
  private static final AtomicInteger WORKERS = new AtomicInteger();

  private final ProcessServiceGrpc.ProcessServiceStub stub;
  private final RetryPolicy retry;
  private final ProcessOptions options;
  private final ProcessHandler handler;
  /** The handlers' threads (one per batch in flight) and the leave's. */
  private final ExecutorService executor;
  private final CompletableFuture<Void> done = new CompletableFuture<>();

  private final Object lock = new Object();
  private boolean stopping; // guarded by lock
  private WorkerStream current; // guarded by lock

  ProcessWorker(
      ProcessServiceGrpc.ProcessServiceStub stub, RetryPolicy retry, ProcessOptions options, ProcessHandler handler) {
    this.stub = stub;
    this.retry = retry;
    this.options = options;
    this.handler = handler;
    String name = "onceport-worker-" + WORKERS.incrementAndGet();
    AtomicInteger threads = new AtomicInteger();
    this.executor =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread = new Thread(task, name + "-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    Thread runner = new Thread(this::run, name);
    runner.setDaemon(true);
    runner.start();
  }

  public String group() {
    return options.group();
  }

  public String workerId() {
    return options.workerId();
  }

  /**
   * Completes once the worker stopped ({@link #stop()}); exceptionally with what ended it
   * otherwise: the handler's exception, an ending that is not retriable ({@code
   * TOPIC_NOT_FOUND}, {@code PERMISSION_DENIED}, a refused output...), or reconnects that ran
   * past the retry policy's deadline (an {@link OnceportException}).
   */
  public CompletableFuture<Void> done() {
    return done;
  }

  /**
   * Begins a clean leave (see the class) and returns {@link #done()}. Batches not taken go to
   * the group's other workers. Idempotent.
   */
  public CompletableFuture<Void> stop() {
    WorkerStream stream;
    synchronized (lock) {
      if (stopping) return done;
      stopping = true;
      stream = current;
      lock.notifyAll(); // ends a backoff wait
    }
    if (stream != null) stream.leave();
    return done;
  }

  /**
   * Leaves cleanly and waits until the worker stopped; throws what ended it, if anything did
   * (a handler's checked exception wrapped in a {@link CompletionException}).
   */
  @Override
  public void close() {
    stop();
    await();
  }

  /** Waits until the worker ends (by {@link #stop()} or a failure); throws as {@link #close()}. */
  public void await() {
    try {
      done.get();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw Errors.of(Reasons.CLIENT_CLOSED, Status.Code.CANCELLED, "interrupted waiting for the worker", false, interrupted);
    } catch (ExecutionException failed) {
      Throwable cause = failed.getCause();
      if (cause instanceof RuntimeException runtime) throw runtime;
      if (cause instanceof Error error) throw error;
      throw new CompletionException(cause);
    }
  }

  private void run() {
    try {
      loop();
      done.complete(null);
    } catch (Throwable failure) {
      done.completeExceptionally(failure);
    } finally {
      executor.shutdown();
    }
  }

  private void loop() throws Throwable {
    ProcessJoin join =
        ProcessJoin.newBuilder()
            .setGroup(options.group())
            .addAllTopics(options.topics())
            .setWorkerId(options.workerId())
            .setMaxBatchRecords(options.maxBatchRecords())
            .setMaxInFlightBatches(options.maxInFlightBatches())
            .setStartAtLatest(options.startAtLatest())
            .build();
    RetryPolicy.Backoff backoff = retry.start();
    while (true) {
      WorkerStream stream;
      synchronized (lock) {
        if (stopping) return;
        stream = new WorkerStream(stub, join, handler, this::emit, executor);
        current = stream;
      }
      WorkerStream.Outcome outcome = stream.finished().join();
      synchronized (lock) {
        current = null;
      }
      if (outcome.handlerFailure() != null) throw outcome.handlerFailure();
      OnceportException ending = outcome.ending();
      if (ending != null && !StreamEnding.mayReopen(ending)) throw ending;
      synchronized (lock) {
        if (stopping) return;
      }
      // OK is only the answer to a half-close; anything else ending the stream is a drop.
      OnceportException drop =
          ending != null
              ? ending
              : Errors.of(Reasons.GATEWAY_UNAVAILABLE, Status.Code.UNAVAILABLE, "the gateway ended the worker's stream", true, null);
      if (outcome.joined()) backoff = retry.start();
      long delayNanos = backoff.nextDelayNanos();
      if (delayNanos < 0) throw drop;
      emit(new Reconnect(drop, backoff.retries(), Duration.ofNanos(delayNanos)));
      long until = System.nanoTime() + delayNanos;
      synchronized (lock) {
        for (long left; !stopping && (left = until - System.nanoTime()) > 0; ) {
          TimeUnit.NANOSECONDS.timedWait(lock, left);
        }
      }
    }
  }

  private void emit(WorkerEvent event) {
    try {
      options.onEvent().accept(event);
    } catch (RuntimeException ignored) {
      // An observer's failure is not the worker's.
    }
  }
}
