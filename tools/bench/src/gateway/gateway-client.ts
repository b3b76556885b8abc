import { create, type MessageInitShape, type MessageShape } from "@bufbuild/protobuf";
import {
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

/**
 * A raw gRPC client of GatewayService: the thinnest driver there is, so what
 * it measures is the gateway, not a client library's retries and bookkeeping.
 */
export class GatewayClient {
  readonly grpc: Client;

  constructor(address: string) {
    const Constructor = makeGenericClientConstructor(grpcServiceDefinition(GatewayService), "GatewayService");
    this.grpc = new Constructor(address, credentials.createInsecure());
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

  close(): void {
    this.grpc.close();
  }
}
