package dev.onceport.sdk;

import dev.onceport.v1.PublishStreamOpen;
import dev.onceport.v1.PublishStreamPublish;
import dev.onceport.v1.PublishStreamRequest;
import dev.onceport.v1.PublishStreamResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The publish stream: many publishes in flight, acknowledged in order once their transaction
 * committed. When the stream breaks, every publish not yet acknowledged is sent again, with
 * its key, on a new stream (on a new session when the old one is gone), so one that did
 * commit is answered as a duplicate and written once. {@link #close()} waits for every
 * acknowledgement, then ends the stream.
 */
public final class Publisher implements AutoCloseable {
  private record Pending(String key, PublishStreamRequest message, CompletableFuture<PublishResult> future) {}

  private final OnceportClient client;
  private final Object lock = new Object();
  private final ArrayDeque<Pending> unacked = new ArrayDeque<>();
  /** The current stream's sender; guarded by lock (a StreamObserver is not thread-safe). */
  private StreamObserver<PublishStreamRequest> requests;
  private boolean closing;
  private OnceportException failure;
  private final Thread runner;

  Publisher(OnceportClient client) {
    this.client = client;
    this.runner = new Thread(this::run, "onceport-publisher");
    this.runner.setDaemon(true);
    this.runner.start();
  }

  public CompletableFuture<PublishResult> publish(List<Record> records) {
    return publish(records, UUID.randomUUID().toString());
  }

  /** Queues a publish; the future completes once its transaction committed, or with a typed error. */
  public CompletableFuture<PublishResult> publish(List<Record> records, String idempotencyKey) {
    PublishStreamRequest message =
        PublishStreamRequest.newBuilder()
            .setPublish(
                PublishStreamPublish.newBuilder()
                    .setIdempotencyKey(idempotencyKey)
                    .addAllRecords(Record.toProtos(records)))
            .build();
    Pending pending = new Pending(idempotencyKey, message, new CompletableFuture<>());
    synchronized (lock) {
      if (failure != null) throw failure;
      if (closing) {
        throw new OnceportException(
            Reasons.CLIENT_CLOSED, Status.Code.CANCELLED, "the publisher is closed", false, null);
      }
      unacked.add(pending);
      if (requests != null) requests.onNext(message);
    }
    return pending.future();
  }

  /** Waits until every publish is acknowledged (or failed), then ends the stream. */
  @Override
  public void close() {
    synchronized (lock) {
      closing = true;
      endStreamIfDone();
    }
    try {
      runner.join();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void endStreamIfDone() {
    if (closing && unacked.isEmpty() && requests != null) {
      requests.onCompleted();
      requests = null;
    }
  }

  private void run() {
    RetryPolicy.Backoff backoff = client.retry.start();
    while (true) {
      String session = client.sessionId();
      Throwable ended;
      try {
        client.checkUsable();
        ended = stream(session).join();
      } catch (OnceportException unusable) {
        ended = unusable;
      }
      synchronized (lock) {
        requests = null;
        if (closing && unacked.isEmpty()) return;
      }
      if (ended == null) { // ended without an error, by a gateway stopping gracefully
        backoff.await();
        continue;
      }
      OnceportException error = client.failed(ended);
      try {
        if (!(error instanceof FencedException)) {
          if (OnceportClient.REOPEN.contains(error.reason())) {
            client.reopen(session);
            continue;
          }
          if (error.retriable() && backoff.await()) continue;
        }
      } catch (OnceportException reopenFailed) {
        error = reopenFailed;
      }
      failAll(error);
      return;
    }
  }

  /** Opens a stream, sends open and every unacknowledged publish; completes when it ends (null or its error). */
  private CompletableFuture<Throwable> stream(String session) {
    CompletableFuture<Throwable> ended = new CompletableFuture<>();
    StreamObserver<PublishStreamResponse> responses =
        new StreamObserver<>() {
          @Override
          public void onNext(PublishStreamResponse response) {
            acknowledge(response);
          }

          @Override
          public void onError(Throwable error) {
            ended.complete(error);
          }

          @Override
          public void onCompleted() {
            ended.complete(null);
          }
        };
    synchronized (lock) {
      requests = client.async.publishStream(responses);
      requests.onNext(
          PublishStreamRequest.newBuilder().setOpen(PublishStreamOpen.newBuilder().setSessionId(session)).build());
      for (Pending pending : unacked) requests.onNext(pending.message());
      endStreamIfDone();
    }
    return ended;
  }

  private void acknowledge(PublishStreamResponse response) {
    Pending pending;
    synchronized (lock) {
      pending = unacked.poll();
      endStreamIfDone();
    }
    if (pending == null) return;
    if (response.hasError()) {
      var error = response.getError();
      pending
          .future()
          .completeExceptionally(
              Errors.of(error.getReason(), Status.fromCodeValue(error.getCode()).getCode(), error.getMessage(), false, null));
    } else {
      pending
          .future()
          .complete(
              new PublishResult(pending.key(), RecordResult.from(response.getResultsList()), response.getDuplicate()));
    }
  }

  private void failAll(OnceportException error) {
    List<Pending> failed;
    synchronized (lock) {
      failure = error;
      failed = new ArrayList<>(unacked);
      unacked.clear();
    }
    for (Pending pending : failed) pending.future().completeExceptionally(error);
  }
}
