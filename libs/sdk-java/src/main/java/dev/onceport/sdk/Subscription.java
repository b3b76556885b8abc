package dev.onceport.sdk;

import dev.onceport.v1.SubscribeRequest;
import dev.onceport.v1.SubscribeResponse;
import dev.onceport.v1.SubscribeServiceGrpc;
import io.grpc.Context;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A read_committed stream of records (the gateway's Subscribe): committed records only, each
 * batch with a position token to resume from. Close it to stop reading.
 */
public final class Subscription implements AutoCloseable {
  /** A record read from Kafka. */
  public record ConsumedRecord(
      String topic, int partition, long offset, byte[] key, byte[] value, Map<String, byte[]> headers) {}

  /** Committed records of one partition, in offset order, and the position after them. */
  public record Batch(List<ConsumedRecord> records, String position) {}

  private final Context.CancellableContext context;
  private final Iterator<SubscribeResponse> responses;

  Subscription(SubscribeServiceGrpc.SubscribeServiceBlockingStub stub, SubscribeRequest request) {
    this.context = Context.current().withCancellation();
    Context previous = context.attach();
    try {
      this.responses = stub.subscribe(request);
    } finally {
      context.detach(previous);
    }
  }

  /** Waits for the next batch. */
  public Batch next() {
    try {
      SubscribeResponse response = responses.next();
      return new Batch(
          response.getRecordsList().stream()
              .map(
                  r -> {
                    Map<String, byte[]> headers = new LinkedHashMap<>();
                    r.getHeadersList().forEach(h -> headers.put(h.getKey(), h.getValue().toByteArray()));
                    return new ConsumedRecord(
                        r.getTopic(),
                        r.getPartition(),
                        r.getOffset(),
                        r.hasKey() ? r.getKey().toByteArray() : null,
                        r.getValue().toByteArray(),
                        headers);
                  })
              .toList(),
          response.getPosition());
    } catch (RuntimeException error) {
      throw Errors.from(error);
    }
  }

  @Override
  public void close() {
    context.cancel(null);
  }
}
