import { create, type MessageInitShape, type MessageShape } from "@bufbuild/protobuf";
import {
  type ChannelCredentials,
  type Client,
  type ClientDuplexStream,
  credentials,
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
type UnaryName = Exclude<keyof Methods, "publishStream">;
type Input<M extends UnaryName> = MessageInitShape<Methods[M]["input"]>;
type Output<M extends UnaryName> = MessageShape<Methods[M]["output"]>;
type UnaryFunction = (
  request: unknown,
  callback: (error: ServiceError | null, response: unknown) => void,
) => void;

/** A raw gRPC client of GatewayService for tests (the SDK comes later): errors arrive as OnceportError. */
export class GatewayClient {
  readonly grpc: Client;

  /** `channel`: TLS and call credentials for a secured gateway; plaintext by default. */
  constructor(address: string, channel: ChannelCredentials = credentials.createInsecure()) {
    const Constructor = makeGenericClientConstructor(grpcServiceDefinition(GatewayService), "GatewayService");
    this.grpc = new Constructor(address, channel);
  }

  call<M extends UnaryName>(name: M, init: Input<M>): Promise<Output<M>> {
    const method = (this.grpc as unknown as Record<string, UnaryFunction>)[name];
    if (!method) throw new Error(`no method ${name}`);
    const request = create(GatewayService.method[name].input, init as never);
    return new Promise((resolve, reject) => {
      method.call(this.grpc, request, (error, response) => {
        if (error) reject(fromGrpcError(error));
        else resolve(response as Output<M>);
      });
    });
  }

  /** Opens a publish stream; the caller writes requests and reads responses. */
  publishStream(): ClientDuplexStream<PublishStreamRequest, PublishStreamResponse> {
    const method = (this.grpc as unknown as Record<string, () => unknown>).publishStream;
    if (!method) throw new Error("no publishStream method");
    return method.call(this.grpc) as ClientDuplexStream<PublishStreamRequest, PublishStreamResponse>;
  }

  /** Sends raw bytes to a method, as a client with a broken encoder would. */
  rawUnary(path: string, bytes: Buffer): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      this.grpc.makeUnaryRequest(
        path,
        (value: Buffer) => value,
        (value: Buffer) => value,
        bytes,
        (error, response) => (error ? reject(fromGrpcError(error)) : resolve(response as Buffer)),
      );
    });
  }

  close(): void {
    this.grpc.close();
  }
}
