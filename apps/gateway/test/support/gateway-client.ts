import { type ChannelCredentials, type ClientDuplexStream, credentials } from "@grpc/grpc-js";
import {
  GatewayService,
  type PublishStreamRequest,
  type PublishStreamResponse,
  ServiceClient,
} from "@onceport/api";
import { fromGrpcError } from "@onceport/errors";

/** A raw gRPC client of GatewayService for tests: unary errors arrive as OnceportError. */
export class GatewayClient extends ServiceClient<typeof GatewayService> {
  /** `channel`: TLS and call credentials for a secured gateway; plaintext by default. */
  constructor(address: string, channel: ChannelCredentials = credentials.createInsecure()) {
    super(GatewayService, address, { credentials: channel, mapError: fromGrpcError });
  }

  /** Opens a publish stream; the caller writes requests and reads responses. */
  publishStream(): ClientDuplexStream<PublishStreamRequest, PublishStreamResponse> {
    return this.bidiStream("publishStream");
  }
}
