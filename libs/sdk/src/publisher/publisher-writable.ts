import { Writable } from "node:stream";
import type { OnceportError } from "@onceport/errors";
import type { PublishRecord } from "../records.ts";
import type { PublishSubmitter } from "./submitted.ts";

/** What a publisher's Writable takes: one record (its own publish), or a publish of several. */
export type PublisherChunk =
  | PublishRecord
  | { readonly records: readonly PublishRecord[]; readonly idempotencyKey?: string };

/**
 * A Node object-mode Writable over a publisher, for `pipeline(source, writable)`.
 * A write completes once the publish is sent (so the publisher's window is the
 * backpressure); the stream finishes once every publish is acknowledged, and
 * errors on the first publish that fails. It does not close the publisher.
 */
export function publisherWritable(publisher: PublishSubmitter): Writable {
  const writable: Writable = new Writable({
    objectMode: true,
    highWaterMark: 16,
    write(chunk: PublisherChunk, _encoding, done) {
      const publish =
        "records" in chunk
          ? publisher.submit(
              chunk.records,
              chunk.idempotencyKey === undefined ? {} : { idempotencyKey: chunk.idempotencyKey },
            )
          : publisher.submit([chunk]);
      publish.then(
        ({ acknowledged }) => {
          acknowledged.catch((error: OnceportError) => writable.destroy(error));
          done();
        },
        (error: Error) => done(error),
      );
    },
    final(done) {
      publisher.flush().then(
        () => done(),
        (error: Error) => done(error),
      );
    },
  });
  return writable;
}
