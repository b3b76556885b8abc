import type { MessageInitShape } from "@bufbuild/protobuf";
import type {
  ChannelCredentials,
  ChannelOptions,
  ClientDuplexStream,
  ClientReadableStream,
  Metadata,
} from "@grpc/grpc-js";
import {
  type CallMetadata,
  type ProcessRequest,
  type ProcessResponse,
  ProcessService,
  ServiceClient,
  type SubscribeRequestSchema,
  type SubscribeResponse,
  SubscribeService,
} from "@onceport/api";
import { defaultChannelOptions } from "./channel-options.ts";

export type ProcessCall = ClientDuplexStream<ProcessRequest, ProcessResponse>;
export type SubscribeCall = ClientReadableStream<SubscribeResponse>;
export type SubscribeInit = MessageInitShape<typeof SubscribeRequestSchema>;

/**
 * The long-lived streams of a client: Process (a worker's session) and
 * Subscribe (a reader's). Same address, credentials, channel defaults and call
 * metadata as the client's GatewayTransport; grpc-js shares the connection
 * between them (its subchannel pool), so these clients cost no second socket.
 */
export class ConsumerTransport {
  private readonly process: ServiceClient<typeof ProcessService>;
  private readonly subscribe: ServiceClient<typeof SubscribeService>;

  constructor(
    address: string,
    credentials: ChannelCredentials,
    options: { channelOptions?: ChannelOptions | undefined; callMetadata?: CallMetadata | undefined } = {},
  ) {
    const shared = {
      credentials,
      channelOptions: { ...defaultChannelOptions, ...options.channelOptions },
      callMetadata: options.callMetadata,
    };
    this.process = new ServiceClient(ProcessService, address, shared);
    this.subscribe = new ServiceClient(SubscribeService, address, shared);
  }

  /** Opens a Process stream (no deadline: it lives as long as the worker). */
  processStream(metadata: Metadata): ProcessCall {
    return this.process.bidiStream("process", { metadata });
  }

  /** Opens a Subscribe stream (no deadline: it lives as long as the reader reads). */
  subscribeStream(request: SubscribeInit, metadata: Metadata): SubscribeCall {
    return this.subscribe.serverStream("subscribe", request, { metadata });
  }

  close(): void {
    this.process.close();
    this.subscribe.close();
  }
}
