import { create, type MessageInitShape } from "@bufbuild/protobuf";
import {
  type ChannelCredentials,
  type ChannelOptions,
  type Client,
  type ClientDuplexStream,
  type ClientReadableStream,
  type Metadata,
  makeGenericClientConstructor,
} from "@grpc/grpc-js";
import {
  grpcServiceDefinition,
  type ProcessRequest,
  type ProcessResponse,
  ProcessService,
  SubscribeRequestSchema,
  type SubscribeResponse,
  SubscribeService,
} from "@onceport/api";
import type { CallMetadata } from "./gateway-transport.ts";

export type ProcessCall = ClientDuplexStream<ProcessRequest, ProcessResponse>;
export type SubscribeCall = ClientReadableStream<SubscribeResponse>;
export type SubscribeInit = MessageInitShape<typeof SubscribeRequestSchema>;

/**
 * As the GatewayTransport's: a restarted gateway is reachable again within
 * about a second (grpc-js would back off for up to two minutes), and batches
 * of up to the gateway's limits fit.
 */
const defaultChannelOptions: ChannelOptions = {
  "grpc.initial_reconnect_backoff_ms": 100,
  "grpc.max_reconnect_backoff_ms": 1_000,
  "grpc.max_send_message_length": 16 * 1024 * 1024,
  "grpc.max_receive_message_length": 16 * 1024 * 1024,
};

/**
 * The long-lived streams of a client: Process (a worker's session) and
 * Subscribe (a reader's). Same address, credentials and call metadata as the
 * client's GatewayTransport; grpc-js shares the connection between them (its
 * subchannel pool), so these clients cost no second socket.
 */
export class ConsumerTransport {
  private readonly process: Client;
  private readonly subscribe: Client;
  private readonly callMetadata: CallMetadata | undefined;

  constructor(
    address: string,
    credentials: ChannelCredentials,
    options: { channelOptions?: ChannelOptions | undefined; callMetadata?: CallMetadata | undefined } = {},
  ) {
    const channelOptions = { ...defaultChannelOptions, ...options.channelOptions };
    const Process = makeGenericClientConstructor(grpcServiceDefinition(ProcessService), "ProcessService");
    const Subscribe = makeGenericClientConstructor(
      grpcServiceDefinition(SubscribeService),
      "SubscribeService",
    );
    this.process = new Process(address, credentials, channelOptions);
    this.subscribe = new Subscribe(address, credentials, channelOptions);
    this.callMetadata = options.callMetadata;
  }

  /** Opens a Process stream (no deadline: it lives as long as the worker). */
  processStream(metadata: Metadata): ProcessCall {
    const method = (this.process as unknown as Record<string, (metadata: Metadata) => unknown>).process;
    if (!method) throw new Error("ProcessService has no method process");
    return method.call(this.process, this.withCallMetadata(metadata)) as ProcessCall;
  }

  /** Opens a Subscribe stream (no deadline: it lives as long as the reader reads). */
  subscribeStream(request: SubscribeInit, metadata: Metadata): SubscribeCall {
    const method = (this.subscribe as unknown as Record<string, (r: unknown, m: Metadata) => unknown>)
      .subscribe;
    if (!method) throw new Error("SubscribeService has no method subscribe");
    return method.call(
      this.subscribe,
      create(SubscribeRequestSchema, request),
      this.withCallMetadata(metadata),
    ) as SubscribeCall;
  }

  close(): void {
    this.process.close();
    this.subscribe.close();
  }

  private withCallMetadata(metadata: Metadata): Metadata {
    const extra = typeof this.callMetadata === "function" ? this.callMetadata() : this.callMetadata;
    for (const [key, value] of Object.entries(extra ?? {})) metadata.set(key, value);
    return metadata;
  }
}
