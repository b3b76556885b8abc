import { create, type MessageInitShape } from "@bufbuild/protobuf";
import {
  type ChannelCredentials,
  type Client,
  type ClientDuplexStream,
  type ClientReadableStream,
  makeGenericClientConstructor,
} from "@grpc/grpc-js";
import {
  grpcServiceDefinition,
  type ProcessJoinSchema,
  ProcessRequestSchema,
  type ProcessResponse,
  ProcessService,
  SubscribeRequestSchema,
  type SubscribeResponse,
  SubscribeService,
} from "@onceport/api";
import { fromGrpcError, type OnceportError } from "@onceport/errors";

/** Process and Subscribe clients over any channel credentials (the raw worker of process-worker.ts is plaintext). */
export class StreamClients {
  private readonly process: Client;
  private readonly subscribe: Client;

  constructor(address: string, channel: ChannelCredentials) {
    const Process = makeGenericClientConstructor(grpcServiceDefinition(ProcessService), "ProcessService");
    const Subscribe = makeGenericClientConstructor(
      grpcServiceDefinition(SubscribeService),
      "SubscribeService",
    );
    this.process = new Process(address, channel);
    this.subscribe = new Subscribe(address, channel);
  }

  /** Opens a Process stream and sends `join`. */
  join(join: MessageInitShape<typeof ProcessJoinSchema>): ClientDuplexStream<unknown, ProcessResponse> {
    const stream = (
      this.process as unknown as { process(): ClientDuplexStream<unknown, ProcessResponse> }
    ).process();
    stream.write(create(ProcessRequestSchema, { kind: { case: "join", value: join } }));
    return stream;
  }

  subscribeTo(
    request: MessageInitShape<typeof SubscribeRequestSchema>,
  ): ClientReadableStream<SubscribeResponse> {
    return (
      this.subscribe as unknown as {
        subscribe(request: unknown): ClientReadableStream<SubscribeResponse>;
      }
    ).subscribe(create(SubscribeRequestSchema, request));
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
