package dev.onceport.sdk;

/**
 * One output record, tagged with the {@code offset} of the input record it came from. The
 * record's message id must be empty: the gateway writes {@code onceport-message-id} =
 * "&lt;group&gt;/&lt;topic&gt;/&lt;partition&gt;/&lt;input offset&gt;/&lt;index&gt;". {@code
 * traceparent} is the W3C trace context the output was made in (typically the worker's own
 * span, started from the input's); empty: the gateway's consumer span of the input record.
 */
public record ProcessOutput(long inputOffset, Record record, String traceparent) {
  public static ProcessOutput of(long inputOffset, Record record) {
    return new ProcessOutput(inputOffset, record, "");
  }

  public static ProcessOutput of(ConsumedRecord input, Record record) {
    return of(input.offset(), record);
  }
}
