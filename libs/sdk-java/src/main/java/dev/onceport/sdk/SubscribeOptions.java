package dev.onceport.sdk;

import java.util.List;
import java.util.function.Consumer;

/**
 * What a subscription reads, and from where. Built with {@link #builder(String...)}:
 *
 * <pre>{@code
 * SubscribeOptions.builder("payments-eur").position(saved).build()
 * }</pre>
 */
public record SubscribeOptions(
    List<String> topics, String position, boolean startAtLatest, Consumer<Reconnect> onReconnect) {

  /** The topics: at least one; they must exist. */
  public static Builder builder(String... topics) {
    return new Builder(List.of(topics));
  }

  public static Builder builder(List<String> topics) {
    return new Builder(List.copyOf(topics));
  }

  /** The optional settings. */
  public static final class Builder {
    private final List<String> topics;
    private String position = "";
    private boolean startAtLatest;
    private Consumer<Reconnect> onReconnect = reconnect -> {};

    private Builder(List<String> topics) {
      this.topics = topics;
    }

    /**
     * A {@code position} of an earlier batch of a subscription to the same topics: reading
     * resumes right after that batch, in this process or another. Empty (the default): from the
     * start.
     */
    public Builder position(String position) {
      this.position = position == null ? "" : position;
      return this;
    }

    /**
     * Partitions without a position start at their latest offset (only records committed from
     * now on) instead of their earliest. The gateway answers with that position before any
     * record: from then on {@link Subscription#position()} holds it, and a reconnect resumes
     * there, so nothing committed after the start is missed.
     */
    public Builder startAtLatest(boolean startAtLatest) {
      this.startAtLatest = startAtLatest;
      return this;
    }

    /** Told before each reconnect, on the reading thread: for logs and metrics. */
    public Builder onReconnect(Consumer<Reconnect> onReconnect) {
      this.onReconnect = onReconnect;
      return this;
    }

    public SubscribeOptions build() {
      return new SubscribeOptions(topics, position, startAtLatest, onReconnect);
    }
  }
}
