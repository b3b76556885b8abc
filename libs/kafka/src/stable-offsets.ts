// A group's offsets read stable (OffsetFetch's requireStable, KIP-447): the broker answers
// UNSTABLE_OFFSET_COMMIT while a transaction holding offsets of the group is still open, and
// Kafka's own admin client waits that out. Clients that hand the answer back as an error get
// the same wait here.
import { setTimeout as sleep } from "node:timers/promises";
import { isKafkaError } from "./kafka-error.ts";

const retryPauseMs = 100;

/** Runs `read` again while it fails with UNSTABLE_OFFSET_COMMIT, for at most `timeoutMs`. */
export async function readStableOffsets<T>(read: () => Promise<T>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await read();
    } catch (error) {
      const unstable = isKafkaError(error) && error.code === "UNSTABLE_OFFSET_COMMIT";
      if (!unstable || Date.now() + retryPauseMs > deadline) throw error;
      await sleep(retryPauseMs);
    }
  }
}
