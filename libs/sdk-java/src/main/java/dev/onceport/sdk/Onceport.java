package dev.onceport.sdk;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.time.Duration;

/**
 * The Onceport Java SDK's entry point.
 *
 * <pre>{@code
 * try (OnceportClient client = Onceport.connect("127.0.0.1:50051", "orders-service")) {
 *   PublishResult result = client.publish(List.of(Record.of("orders", "hello")));
 * }
 * }</pre>
 */
public final class Onceport {
  private Onceport() {}

  /** Options of {@link #connect(String, String, Options)}. */
  public record Options(RetryPolicy retry, Duration callTimeout, ManagedChannel channel) {
    public static final Options DEFAULT = new Options(RetryPolicy.DEFAULT, Duration.ofSeconds(30), null);

    public Options withRetry(RetryPolicy retry) {
      return new Options(retry, callTimeout, channel);
    }

    public Options withCallTimeout(Duration callTimeout) {
      return new Options(retry, callTimeout, channel);
    }

    /** Uses this channel (TLS, interceptors...) instead of a plaintext one; the client does not shut it down. */
    public Options withChannel(ManagedChannel channel) {
      return new Options(retry, callTimeout, channel);
    }
  }

  /**
   * Opens the client's session on the gateway at {@code address} (host:port, plaintext).
   * Opening fences every earlier session of {@code clientId}, in this gateway or any other.
   */
  public static OnceportClient connect(String address, String clientId) {
    return connect(address, clientId, Options.DEFAULT);
  }

  /**
   * A client for {@code process()} and {@code subscribe()} only: it opens no session, so it
   * fences nobody. Workers started from it need a {@code workerId}.
   */
  public static ConsumerClient consumer(String address) {
    return consumer(address, null, Options.DEFAULT);
  }

  /** As {@link #consumer(String)}; {@code clientId} (may be null) is the default {@code workerId}. */
  public static ConsumerClient consumer(String address, String clientId, Options options) {
    boolean owned = options.channel() == null;
    ManagedChannel channel =
        owned ? ManagedChannelBuilder.forTarget(address).usePlaintext().build() : options.channel();
    return new ConsumerClient(channel, owned, clientId, options.retry());
  }

  public static OnceportClient connect(String address, String clientId, Options options) {
    boolean owned = options.channel() == null;
    ManagedChannel channel =
        owned ? ManagedChannelBuilder.forTarget(address).usePlaintext().build() : options.channel();
    OnceportClient client = new OnceportClient(channel, owned, clientId, options);
    try {
      client.openSession();
    } catch (RuntimeException failed) {
      if (owned) channel.shutdownNow();
      throw failed;
    }
    return client;
  }
}
