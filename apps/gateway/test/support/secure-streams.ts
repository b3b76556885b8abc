import { create, type MessageInitShape } from "@bufbuild/protobuf";
import type { ChannelCredentials, ClientDuplexStream, ClientReadableStream } from "@grpc/grpc-js";
import {
  type ProcessJoinSchema,
  type ProcessRequest,
  ProcessRequestSchema,
  type ProcessResponse,
  ProcessService,
  ServiceClient,
  type SubscribeRequestSchema,
  type SubscribeResponse,
  SubscribeService,
} from "@onceport/api";
import { fromGrpcError, type OnceportError } from "@onceport/errors";

/** Process and Subscribe clients over any channel credentials (the raw worker of process-worker.ts is plaintext). */
export class StreamClients {
  private readonly process: ServiceClient<typeof ProcessService>;
  private readonly subscribe: ServiceClient<typeof SubscribeService>;

  constructor(address: string, channel: ChannelCredentials) {
    this.process = new ServiceClient(ProcessService, address, { credentials: channel });
    this.subscribe = new ServiceClient(SubscribeService, address, { credentials: channel });
  }

  /** Opens a Process stream and sends `join`. */
  join(
    join: MessageInitShape<typeof ProcessJoinSchema>,
  ): ClientDuplexStream<ProcessRequest, ProcessResponse> {
    const stream = this.process.bidiStream("process");
    stream.write(create(ProcessRequestSchema, { kind: { case: "join", value: join } }));
    return stream;
  }

  subscribeTo(
    request: MessageInitShape<typeof SubscribeRequestSchema>,
  ): ClientReadableStream<SubscribeResponse> {
    return this.subscribe.serverStream("subscribe", request);
  }

  close(): void {
    this.process.close();
    this.subscribe.close();
  }
}

/** How a stream ends: its error as an OnceportError (a stream that ends OK rejects). */
export function streamError<T>(
  stream: NodeJS.EventEmitter,
  onData: (data: T) => void = () => {},
): Promise<OnceportError> {
  return new Promise((resolve, reject) => {
    stream.on("data", (data: T) => onData(data));
    stream.on("error", (error: Error) => resolve(fromGrpcError(error)));
    stream.on("end", () => reject(new Error("the stream ended without an error")));
  });
}
