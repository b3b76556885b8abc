import { describe, expect, it } from "vitest";
import { producerRetry } from "./client-producer.ts";

/** The waits kafkajs's retrier makes with these settings, without its ±20% jitter. */
function waits(retry: typeof producerRetry): number[] {
  return Array.from({ length: retry.retries }, (_, attempt) =>
    Math.min(retry.initialRetryTime * 2 ** attempt, retry.maxRetryTime),
  );
}

describe("producerRetry", () => {
  it("retries soon after a commit (CONCURRENT_TRANSACTIONS lasts milliseconds), as Kafka's Java producer does", () => {
    expect(waits(producerRetry)[0]).toBeLessThanOrEqual(20);
  });

  it("still rides out a broker's few-seconds outage before giving up", () => {
    const total = waits(producerRetry).reduce((sum, wait) => sum + wait, 0);
    expect(total).toBeGreaterThanOrEqual(10_000);
  });
});
