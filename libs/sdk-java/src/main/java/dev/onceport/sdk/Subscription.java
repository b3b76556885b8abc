package dev.onceport.sdk;

import dev.onceport.v1.SubscribeRequest;
import dev.onceport.v1.SubscribeResponse;
import dev.onceport.v1.SubscribeServiceGrpc;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A read_committed reading of some topics (the gateway's Subscribe): batches of one
 * partition, committed records only (nothing of an aborted or open transaction), each with a
 * position token to resume from. When the stream drops retriably (a gateway restart or stop,
 * Kafka unreachable) it reopens by itself, with the client's backoff, from the position of the
 * last batch handed out: at least once, no gap. Read it from one thread ({@link #next()},
 * {@link #poll(Duration)} or for-each); {@link #close()} ends it, from any thread.
 */
public final class Subscription implements AutoCloseable, Iterable<Subscription.Batch> {
  /**
   * Committed records of one partition, in offset order, and the position after them in every
   * partition of the subscription: keep the last one you finished with, and pass it as {@code
   * position} to resume there, in this process or another.
   */
  public record Batch(List<ConsumedRecord> records, String position) {}

  /** A stream that stayed open this long was a working one: the next drop starts a fresh backoff. */
  private static final long HEALTHY_AFTER_NANOS = TimeUnit.SECONDS.toNanos(5);

  /** What the gRPC threads tell the reading thread; a generation names the stream it came from. */
  private sealed interface Event {}

  private record Response(int generation, SubscribeResponse response) implements Event {}

  private record Ended(int generation, Throwable error) implements Event {}

  private record Woken() implements Event {}

  private static final Batch END = new Batch(List.of(), "");

  private final SubscribeServiceGrpc.SubscribeServiceStub stub;
  private final SubscribeOptions options;
  private final RetryPolicy retry;
  private final Runnable onEnd;
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private volatile boolean closed;
  private volatile ClientCallStreamObserver<SubscribeRequest> call;
  private volatile String lastPosition;

  // The reading thread's.
  private int generation;
  private boolean open;
  private long openedAt;
  private long reopenAt;
  private RetryPolicy.Backoff backoff;
  private OnceportException failure;
  private Batch peeked;

  Subscription(SubscribeServiceGrpc.SubscribeServiceStub stub, SubscribeOptions options, RetryPolicy retry, Runnable onEnd) {
    this.stub = stub;
    this.options = options;
    this.retry = retry;
    this.onEnd = onEnd;
    this.lastPosition = options.position();
    this.backoff = retry.start();
    openStream();
  }

  /**
   * The position after the last batch handed out, or the one it started from: the {@code
   * position} option, or, with {@code startAtLatest}, the latest offsets the gateway placed it
   * at (known once a {@link #poll(Duration)} or {@link #next()} has read that first answer).
   * Empty when there is none yet.
   */
  public String position() {
    return lastPosition;
  }

  /**
   * Waits for the next batch.
   *
   * @throws OnceportException an ending that is not retriable ({@code TOPIC_NOT_FOUND},
   *     {@code PERMISSION_DENIED}...) or reconnects past the retry policy's deadline; {@code
   *     CLIENT_CLOSED} once closed
   */
  public Batch next() {
    Batch batch = peeked != null ? peeked : read(Long.MAX_VALUE);
    peeked = null;
    if (batch == END) throw closedError();
    return batch;
  }

  /** Waits at most {@code timeout} for the next batch; null when none came. Throws as {@link #next()}. */
  public Batch poll(Duration timeout) {
    long now = System.nanoTime();
    Batch batch = peeked != null ? peeked : read(now + Math.max(0, timeout.toNanos()));
    peeked = null;
    if (batch == END) throw closedError();
    return batch;
  }

  /** The batches, until the subscription is closed; {@code hasNext()} waits for the next one. */
  @Override
  public Iterator<Batch> iterator() {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        if (peeked == null) peeked = read(Long.MAX_VALUE);
        return peeked != END;
      }

      @Override
      public Batch next() {
        if (!hasNext()) throw new NoSuchElementException("the subscription is closed");
        Batch batch = peeked;
        peeked = null;
        return batch;
      }
    };
  }

  /** Ends the subscription; a reader waiting in {@link #next()} is woken. Idempotent. */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    var current = call;
    if (current != null) current.cancel("the subscription is closed", null);
    events.add(new Woken());
    onEnd.run();
  }

  /** The next batch; null when {@code deadline} (a {@link System#nanoTime()}) passed first, END once closed. */
  private Batch read(long deadline) {
    try {
      while (true) {
        if (closed) return END;
        if (failure != null) throw failure;
        long now = System.nanoTime();
        if (!open && now < reopenAt) {
          if (deadline <= now) return null;
          events.poll(Math.min(reopenAt, deadline) - now, TimeUnit.NANOSECONDS); // a Woken, or stale
          continue;
        }
        if (!open) openStream();
        Event event =
            deadline == Long.MAX_VALUE ? events.take() : events.poll(Math.max(0, deadline - now), TimeUnit.NANOSECONDS);
        if (event == null) return null;
        if (event instanceof Response response && response.generation() == generation) {
          backoff = retry.start();
          call.request(1); // one answer ahead of the reader, no more: the gateway's flow control does the rest
          // Handed out: once the reader asks for the next batch, it is done with this one.
          lastPosition = response.response().getPosition();
          // A position without records (where a start at the latest offsets began): kept for a
          // resume, nothing to hand out.
          if (response.response().getRecordsCount() == 0) continue;
          return new Batch(
              response.response().getRecordsList().stream().map(ConsumedRecord::from).toList(),
              response.response().getPosition());
        }
        if (event instanceof Ended ended && ended.generation() == generation) {
          reopenAfter(ended.error());
        }
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw Errors.of(Reasons.CLIENT_CLOSED, Status.Code.CANCELLED, "interrupted reading the subscription", false, interrupted);
    }
  }

  /** After the stream ended: schedules a reopen, or fails the subscription for good. */
  private void reopenAfter(Throwable error) {
    open = false;
    if (closed) return;
    // A subscription has no end of its own: an OK end is the gateway letting go.
    OnceportException drop =
        error == null
            ? Errors.of(Reasons.GATEWAY_UNAVAILABLE, Status.Code.UNAVAILABLE, "the gateway ended the subscription", true, null)
            : Errors.from(error);
    if (error != null && !StreamEnding.mayReopen(drop)) {
      failure = drop;
      throw drop;
    }
    long now = System.nanoTime();
    if (now - openedAt >= HEALTHY_AFTER_NANOS) backoff = retry.start();
    long delay = backoff.nextDelayNanos();
    if (delay < 0) {
      failure = drop;
      throw drop;
    }
    try {
      options.onReconnect().accept(new Reconnect(drop, backoff.retries(), Duration.ofNanos(delay)));
    } catch (RuntimeException ignored) {
      // An observer's failure is not the subscription's.
    }
    reopenAt = now + delay;
  }

  private void openStream() {
    int stream = ++generation;
    open = true;
    openedAt = System.nanoTime();
    SubscribeRequest request =
        SubscribeRequest.newBuilder()
            .addAllTopics(options.topics())
            .setPosition(lastPosition)
            .setStartAtLatest(options.startAtLatest())
            .build();
    stub.subscribe(
        request,
        new ClientResponseObserver<SubscribeRequest, SubscribeResponse>() {
          @Override
          public void beforeStart(ClientCallStreamObserver<SubscribeRequest> started) {
            started.disableAutoRequestWithInitial(1);
            call = started;
          }

          @Override
          public void onNext(SubscribeResponse response) {
            events.add(new Response(stream, response));
          }

          @Override
          public void onError(Throwable error) {
            events.add(new Ended(stream, error));
          }

          @Override
          public void onCompleted() {
            events.add(new Ended(stream, null));
          }
        });
    // Closed while it opened: the close may have cancelled the previous call only.
    if (closed) call.cancel("the subscription is closed", null);
  }

  private static OnceportException closedError() {
    return Errors.of(Reasons.CLIENT_CLOSED, Status.Code.CANCELLED, "the subscription is closed", false, null);
  }
}
