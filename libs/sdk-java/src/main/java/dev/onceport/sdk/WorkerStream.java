package dev.onceport.sdk;

import dev.onceport.v1.ProcessJoin;
import dev.onceport.v1.ProcessRequest;
import dev.onceport.v1.ProcessResponse;
import dev.onceport.v1.ProcessServiceGrpc;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One Process stream: joins, hands each batch to the handler (on {@code executor}), answers
 * with its outputs, and leaves cleanly when asked: it stops taking batches, waits until every
 * batch it took is acked or rejected, then half-closes, and the gateway ends the stream
 * (batches it did not take are revoked and delivered again). Nothing is written after the
 * half-close. {@link #finished()} completes once the stream ended and every handler it
 * started has returned, so no handler of one stream overlaps the next stream's.
 */
final class WorkerStream {
  /** How one stream ended: whether it joined, its status (null: OK), a handler's failure. */
  record Outcome(boolean joined, OnceportException ending, Throwable handlerFailure) {}

  /** A leave waits this long at least for its batches' acks before it cuts the stream. */
  private static final long MIN_LEAVE_WAIT_MS = 30_000;

  private final ProcessHandler handler;
  private final Consumer<WorkerEvent> emit;
  private final Executor executor;
  private final CompletableFuture<Outcome> finished = new CompletableFuture<>();

  // Guarded by lock: a StreamObserver is not thread-safe, and these change on gRPC's and the
  // handlers' threads.
  private final Object lock = new Object();
  private final Map<String, ProcessBatch> taken = new HashMap<>();
  private ClientCallStreamObserver<ProcessRequest> requests;
  private int running;
  private boolean joined;
  private long leaseMs;
  private boolean taking = true;
  private boolean leaving;
  /** Half-closed or cancelled by us: nothing more may be written. */
  private boolean sendingDone;
  private boolean ended;
  private OnceportException ending;
  private Throwable handlerFailure;

  WorkerStream(
      ProcessServiceGrpc.ProcessServiceStub stub,
      ProcessJoin join,
      ProcessHandler handler,
      Consumer<WorkerEvent> emit,
      Executor executor) {
    this.handler = handler;
    this.emit = emit;
    this.executor = executor;
    synchronized (lock) {
      stub.process(
          new ClientResponseObserver<ProcessRequest, ProcessResponse>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<ProcessRequest> stream) {
              requests = stream;
            }

            @Override
            public void onNext(ProcessResponse response) {
              receive(response);
            }

            @Override
            public void onError(Throwable error) {
              end(Errors.from(error));
            }

            @Override
            public void onCompleted() {
              end(null);
            }
          });
      write(ProcessRequest.newBuilder().setJoin(join).build());
    }
  }

  CompletableFuture<Outcome> finished() {
    return finished;
  }

  /** Leaves cleanly (see the class), on the executor; {@link #finished()} tells when it is done. */
  void leave() {
    synchronized (lock) {
      if (leaving) return;
      leaving = true;
      taking = false;
    }
    try {
      executor.execute(this::awaitTakenThenClose);
    } catch (RejectedExecutionException stopped) {
      // the worker is past this stream already
    }
  }

  private void awaitTakenThenClose() {
    synchronized (lock) {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(leaseMs, MIN_LEAVE_WAIT_MS));
      try {
        for (long left; !ended && !taken.isEmpty() && (left = deadline - System.nanoTime()) > 0; ) {
          TimeUnit.NANOSECONDS.timedWait(lock, left);
        }
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
      if (ended || sendingDone) return;
      sendingDone = true;
      if (taken.isEmpty()) {
        requests.onCompleted();
      } else {
        // The gateway answers every result; one unanswered for a lease is stuck. Its batch is
        // not committed, so it is delivered again: cutting the stream is safe.
        requests.cancel("the worker is leaving and a result stayed unanswered", null);
      }
    }
  }

  private void receive(ProcessResponse response) {
    switch (response.getKindCase()) {
      case JOINED -> {
        var value = response.getJoined();
        synchronized (lock) {
          joined = true;
          leaseMs = value.getLeaseMs();
        }
        emit(new WorkerEvent.Joined(value.getLeaseMs(), value.getMaxBatchRecords(), value.getMaxInFlightBatches()));
      }
      case ASSIGNMENT -> {
        var value = response.getAssignment();
        emit(
            new WorkerEvent.Assigned(
                value.getMemberId(),
                value.getPartitionsList().stream()
                    .map(p -> new WorkerEvent.TopicPartitions(p.getTopic(), List.copyOf(p.getPartitionsList())))
                    .toList()));
      }
      case BATCH -> take(response.getBatch());
      case ACK -> {
        var value = response.getAck();
        ProcessBatch batch = settle(value.getBatchId());
        emit(
            new WorkerEvent.Acked(
                value.getBatchId(),
                batch == null ? "" : batch.topic(),
                batch == null ? -1 : batch.partition(),
                batch == null ? 0 : batch.records().size(),
                RecordResult.from(value.getResultsList()),
                value.getNextOffset()));
      }
      case REJECTED -> {
        var value = response.getRejected();
        settle(value.getBatchId());
        emit(new WorkerEvent.Rejected(value.getBatchId(), value.getReason(), value.getMessage()));
      }
      default -> {
        // a kind newer than this SDK: nothing to do with it
      }
    }
  }

  private void take(dev.onceport.v1.ProcessBatch message) {
    ProcessBatch batch =
        new ProcessBatch(
            message.getBatchId(),
            message.getTopic(),
            message.getPartition(),
            message.getRecordsList().stream().map(ConsumedRecord::from).toList());
    synchronized (lock) {
      // Not taken: the gateway revokes it at the half-close and delivers it again.
      if (!taking || ended) return;
      taken.put(batch.batchId(), batch);
      running++;
    }
    try {
      executor.execute(() -> handle(batch));
    } catch (RejectedExecutionException stopped) {
      synchronized (lock) {
        running--;
        settle(batch.batchId());
      }
    }
  }

  /** Runs the handler on one batch and answers it, unless the stream ended or half-closed meanwhile. */
  private void handle(ProcessBatch batch) {
    ProcessRequest answer = null;
    Throwable failure = null;
    try {
      answer = ProcessRequest.newBuilder().setResult(ProcessOutputs.toResult(handler.handle(batch), batch)).build();
    } catch (Throwable thrown) {
      failure = thrown;
    }
    boolean leave = false;
    synchronized (lock) {
      running--;
      if (!batch.isCancelled()) {
        if (failure == null) {
          write(answer);
        } else {
          // After the stream ended, a handler that gave up (cancelled) is no failure.
          if (handlerFailure == null) handlerFailure = failure;
          settle(batch.batchId());
          leave = true;
        }
      }
    }
    // Other batches may still commit; this one is revoked at the half-close and delivered again.
    if (leave) leave();
    finishIfDone();
  }

  private ProcessBatch settle(String batchId) {
    synchronized (lock) {
      ProcessBatch batch = taken.remove(batchId);
      if (batch != null) lock.notifyAll();
      return batch;
    }
  }

  /** Under lock. */
  private void write(ProcessRequest request) {
    if (ended || sendingDone) return;
    requests.onNext(request);
  }

  private void end(OnceportException status) {
    synchronized (lock) {
      if (ended) return;
      ended = true;
      ending = status;
      // Whatever is still open can no longer be committed: it is delivered again.
      for (ProcessBatch batch : taken.values()) batch.cancel();
      taken.clear();
      lock.notifyAll();
    }
    finishIfDone();
  }

  private void finishIfDone() {
    Outcome outcome;
    synchronized (lock) {
      if (!ended || running > 0) return;
      outcome = new Outcome(joined, ending, handlerFailure);
    }
    finished.complete(outcome);
  }

  private void emit(WorkerEvent event) {
    try {
      emit.accept(event);
    } catch (RuntimeException ignored) {
      // An observer's failure is not the worker's.
    }
  }
}
