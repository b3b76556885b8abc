// Driving a publish stream end to end: the requests (open first), then every response.
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import type { ClientDuplexStream } from "@grpc/grpc-js";
import {
  type PublishStreamRequest,
  PublishStreamRequestSchema,
  type PublishStreamResponse,
  type RecordSchema,
} from "@onceport/api";
import { fromGrpcError } from "@onceport/errors";

/**
 * Writes every request, honouring backpressure, then half-closes; resolves with every response,
 * or rejects with the stream's error as an OnceportError. `requests` may be a generator, so a
 * large run is built as it is written.
 */
export async function runStream(
  stream: ClientDuplexStream<PublishStreamRequest, PublishStreamResponse>,
  requests: Iterable<PublishStreamRequest>,
): Promise<PublishStreamResponse[]> {
  const responses: PublishStreamResponse[] = [];
  const done = new Promise<PublishStreamResponse[]>((resolve, reject) => {
    stream.on("data", (response: PublishStreamResponse) => responses.push(response));
    stream.on("end", () => resolve(responses));
    stream.on("error", (error) => reject(fromGrpcError(error)));
  });
  for (const request of requests) {
    if (!stream.write(request)) {
      // Racing `done`: a stream that fails while full never drains.
      await Promise.race([new Promise((resolve) => stream.once("drain", resolve)), done]);
    }
  }
  stream.end();
  return done;
}

/** The request that binds a stream to a session. */
export function openRequest(sessionId: string): PublishStreamRequest {
  return create(PublishStreamRequestSchema, { kind: { case: "open", value: { sessionId } } });
}

/** One publish on a stream. */
export function publishRequest(
  idempotencyKey: string,
  records: MessageInitShape<typeof RecordSchema>[],
): PublishStreamRequest {
  return create(PublishStreamRequestSchema, {
    kind: { case: "publish", value: { idempotencyKey, records } },
  });
}
