import { create, type MessageInitShape, type MessageShape } from "@bufbuild/protobuf";
import {
  type ChannelCredentials,
  type ChannelOptions,
  type Client,
  type ClientDuplexStream,
  type Metadata,
  makeGenericClientConstructor,
  type ServiceError,
} from "@grpc/grpc-js";
import {
  GatewayService,
  grpcServiceDefinition,
  type PublishStreamRequest,
  type PublishStreamResponse,
} from "@onceport/api";
import { fromGrpcError } from "@onceport/errors";

type Methods = typeof GatewayService.method;
/** The unary methods of onceport.v1.GatewayService, by their local names. */
export type UnaryMethod = Exclude<keyof Methods, "publishStream">;
export type UnaryInput<M extends UnaryMethod> = MessageInitShape<Methods[M]["input"]>;
export type UnaryOutput<M extends UnaryMethod> = MessageShape<Methods[M]["output"]>;
export type PublishStreamCall = ClientDuplexStream<PublishStreamRequest, PublishStreamResponse>;
/** Metadata for every call: fixed, or asked for before each call. */
export type CallMetadata = Readonly<Record<string, string>> | (() => Readonly<Record<string, string>>);

type UnaryFunction = (
  request: unknown,
  metadata: Metadata,
  options: { deadline: Date },
  callback: (error: ServiceError | null, response: unknown) => void,
) => void;

/**
 * A gateway's gRPC client as the SDK's own generated code would give it: the
 * protobuf-es descriptors plus one generic adapter (no second code generator).
 * Transport failures arrive as OnceportError, translated once, here.
 *
 * These channel defaults make a restarted gateway reachable again within about
 * a second; grpc-js would otherwise back off its reconnects for up to two minutes.
 */
const defaultChannelOptions: ChannelOptions = {
  "grpc.initial_reconnect_backoff_ms": 100,
  "grpc.max_reconnect_backoff_ms": 1_000,
  // Publishes up to the gateway's own request limit (8 MiB) and their answers.
  "grpc.max_send_message_length": 16 * 1024 * 1024,
  "grpc.max_receive_message_length": 16 * 1024 * 1024,
};

export class GatewayTransport {
  private readonly client: Client;
  private readonly callMetadata: CallMetadata | undefined;

  constructor(
    address: string,
    credentials: ChannelCredentials,
    options: { channelOptions?: ChannelOptions | undefined; callMetadata?: CallMetadata | undefined } = {},
  ) {
    const Constructor = makeGenericClientConstructor(grpcServiceDefinition(GatewayService), "GatewayService");
    this.client = new Constructor(address, credentials, {
      ...defaultChannelOptions,
      ...options.channelOptions,
    });
    this.callMetadata = options.callMetadata;
  }

  /** One attempt of a unary call; rejects with an OnceportError. */
  unary<M extends UnaryMethod>(
    name: M,
    init: UnaryInput<M>,
    options: { metadata: Metadata; timeoutMs: number },
  ): Promise<UnaryOutput<M>> {
    const method = (this.client as unknown as Record<string, UnaryFunction>)[name];
    if (!method) return Promise.reject(new Error(`GatewayService has no method ${name}`));
    const request = create(GatewayService.method[name].input, init as never);
    const deadline = new Date(Date.now() + options.timeoutMs);
    return new Promise((resolve, reject) => {
      method.call(
        this.client,
        request,
        this.withCallMetadata(options.metadata),
        { deadline },
        (error, response) => {
          if (error) reject(fromGrpcError(error));
          else resolve(response as UnaryOutput<M>);
        },
      );
    });
  }

  /** Opens a publish stream (no deadline: it lives as long as the publisher). */
  publishStream(metadata: Metadata): PublishStreamCall {
    const method = (this.client as unknown as Record<string, (metadata: Metadata) => unknown>).publishStream;
    if (!method) throw new Error("GatewayService has no method publishStream");
    return method.call(this.client, this.withCallMetadata(metadata)) as PublishStreamCall;
  }

  /** Adds the client's own metadata (credentials, say) to a call's. */
  private withCallMetadata(metadata: Metadata): Metadata {
    const extra = typeof this.callMetadata === "function" ? this.callMetadata() : this.callMetadata;
    for (const [key, value] of Object.entries(extra ?? {})) metadata.set(key, value);
    return metadata;
  }

  close(): void {
    this.client.close();
  }
}
