import type { ChannelCredentials, ChannelOptions, ClientDuplexStream, Metadata } from "@grpc/grpc-js";
import {
  type CallMetadata,
  GatewayService,
  type MethodInit,
  type MethodOutput,
  type PublishStreamRequest,
  type PublishStreamResponse,
  ServiceClient,
  type UnaryMethodName,
} from "@onceport/api";
import { fromGrpcError } from "@onceport/errors";
import { defaultChannelOptions } from "./channel-options.ts";

export type { CallMetadata };
/** The unary methods of onceport.v1.GatewayService, by their local names. */
export type UnaryMethod = UnaryMethodName<typeof GatewayService>;
export type UnaryInput<M extends UnaryMethod> = MethodInit<typeof GatewayService, M>;
export type UnaryOutput<M extends UnaryMethod> = MethodOutput<typeof GatewayService, M>;
export type PublishStreamCall = ClientDuplexStream<PublishStreamRequest, PublishStreamResponse>;

/**
 * A gateway's gRPC client as the SDK's own generated code would give it: @onceport/api's typed
 * client over the protobuf-es descriptors (no second code generator), with the SDK's channel
 * defaults. Transport failures arrive as OnceportError, translated once, here.
 */
export class GatewayTransport {
  private readonly client: ServiceClient<typeof GatewayService>;

  constructor(
    address: string,
    credentials: ChannelCredentials,
    options: { channelOptions?: ChannelOptions | undefined; callMetadata?: CallMetadata | undefined } = {},
  ) {
    this.client = new ServiceClient(GatewayService, address, {
      credentials,
      channelOptions: { ...defaultChannelOptions, ...options.channelOptions },
      callMetadata: options.callMetadata,
      mapError: fromGrpcError,
    });
  }

  /** One attempt of a unary call; rejects with an OnceportError. */
  unary<M extends UnaryMethod>(
    name: M,
    init: UnaryInput<M>,
    options: { metadata: Metadata; timeoutMs: number },
  ): Promise<UnaryOutput<M>> {
    return this.client.call(name, init, options);
  }

  /** Opens a publish stream (no deadline: it lives as long as the publisher). */
  publishStream(metadata: Metadata): PublishStreamCall {
    return this.client.bidiStream("publishStream", { metadata });
  }

  close(): void {
    this.client.close();
  }
}
