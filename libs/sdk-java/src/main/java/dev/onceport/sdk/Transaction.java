package dev.onceport.sdk;

import dev.onceport.v1.AbortTransactionRequest;
import dev.onceport.v1.BeginTransactionRequest;
import dev.onceport.v1.BeginTransactionResponse;
import dev.onceport.v1.CommitTransactionRequest;
import dev.onceport.v1.SendRequest;
import io.grpc.Status;
import java.util.List;
import java.util.Set;

/**
 * An interactive transaction: send records, then {@link #commit()}; {@link #close()} aborts it
 * unless it committed, so try-with-resources aborts on any exception. When a transaction with
 * the same idempotency key committed before, {@link #alreadyCommitted()} is true, sends write
 * nothing and {@code commit()} returns the first transaction's result.
 */
public final class Transaction implements AutoCloseable {
  /** A commit whose answer did not come back: the outcome is learned by the key, not guessed. */
  private static final Set<String> OUTCOME_UNKNOWN =
      Set.of(Reasons.COMMIT_OUTCOME_UNKNOWN, Reasons.SESSION_NOT_FOUND, Reasons.GATEWAY_UNAVAILABLE);

  private final OnceportClient client;
  private final String idempotencyKey;
  private String sessionId = "";
  private String transactionId = "";
  private PublishResult committed;
  private boolean ended;

  private Transaction(OnceportClient client, String idempotencyKey) {
    this.client = client;
    this.idempotencyKey = idempotencyKey;
  }

  static Transaction begin(OnceportClient client, String idempotencyKey) {
    Transaction tx = new Transaction(client, idempotencyKey);
    tx.begin();
    return tx;
  }

  public String idempotencyKey() {
    return idempotencyKey;
  }

  public boolean alreadyCommitted() {
    return committed != null && committed.duplicate();
  }

  /**
   * Sends records in the transaction; they become visible only if it commits. Not retried (a
   * resent batch could be written twice within the transaction): a failure ends the
   * transaction; run it again with the same key.
   */
  public List<RecordResult> send(List<Record> records) {
    if (alreadyCommitted()) return List.of();
    checkOpen();
    try {
      return RecordResult.from(
          client
              .stub()
              .send(
                  SendRequest.newBuilder()
                      .setSessionId(sessionId)
                      .setTransactionId(transactionId)
                      .addAllRecords(Record.toProtos(records))
                      .build())
              .getResultsList());
    } catch (RuntimeException error) {
      throw client.failed(error);
    }
  }

  /** Commits; when the answer is lost, asks the gateway (by the key) whether it committed. */
  public PublishResult commit() {
    if (committed != null) return committed;
    checkOpen();
    ended = true;
    try {
      var response =
          client
              .stub()
              .commitTransaction(
                  CommitTransactionRequest.newBuilder()
                      .setSessionId(sessionId)
                      .setTransactionId(transactionId)
                      .build());
      committed = new PublishResult(idempotencyKey, RecordResult.from(response.getResultsList()), false);
      return committed;
    } catch (RuntimeException error) {
      OnceportException failure = client.failed(error);
      if (!OUTCOME_UNKNOWN.contains(failure.reason())) throw failure;
      return learnOutcome(failure);
    }
  }

  /** Aborts: nothing sent in the transaction becomes visible. */
  public void abort() {
    if (committed != null || ended) return;
    ended = true;
    try {
      client
          .stub()
          .abortTransaction(
              AbortTransactionRequest.newBuilder().setSessionId(sessionId).setTransactionId(transactionId).build());
    } catch (RuntimeException error) {
      throw client.failed(error);
    }
  }

  /** Aborts unless committed; an abort failure is dropped (the gateway aborts on its timeout). */
  @Override
  public void close() {
    try {
      abort();
    } catch (OnceportException ignored) {
      // the caller's own exception, if any, is what matters
    }
  }

  private void begin() {
    BeginTransactionResponse response =
        client.call(
            (session, stub) -> {
              sessionId = session;
              return stub.beginTransaction(
                  BeginTransactionRequest.newBuilder()
                      .setSessionId(session)
                      .setIdempotencyKey(idempotencyKey)
                      .build());
            });
    if (response.getAlreadyCommitted()) {
      committed = new PublishResult(idempotencyKey, RecordResult.from(response.getResultsList()), true);
    } else {
      transactionId = response.getTransactionId();
      ended = false;
    }
  }

  private PublishResult learnOutcome(OnceportException cause) {
    if (!Reasons.GATEWAY_UNAVAILABLE.equals(cause.reason())) client.reopen(sessionId);
    begin();
    if (committed != null) return committed;
    abort(); // it did not commit: release the transaction just begun
    throw new OnceportException(
        Reasons.TRANSACTION_ABORTED,
        Status.Code.ABORTED,
        "the transaction " + idempotencyKey + " did not commit (" + cause.reason() + "); run it again with the same key",
        true,
        cause);
  }

  private void checkOpen() {
    client.checkUsable();
    if (ended) {
      throw new OnceportException(
          Reasons.TRANSACTION_NOT_FOUND, Status.Code.FAILED_PRECONDITION, "the transaction has ended", false, null);
    }
  }
}
