// One typed client for any Onceport gRPC service: the generated descriptor gives the paths, the
// serializers and the types, grpc-js's plain Client carries the calls. Tests, tools and the SDK
// all speak to the gateway through it, each adding only what is its own (retries, spans, ...).
import { create, type DescMessage, type DescService } from "@bufbuild/protobuf";
import {
  type CallOptions,
  type ChannelCredentials,
  type ChannelOptions,
  Client,
  type ClientDuplexStream,
  type ClientReadableStream,
  credentials as grpcCredentials,
  Metadata,
  type MethodDefinition,
  type ServiceError,
} from "@grpc/grpc-js";
import { grpcServiceDefinition } from "../grpc-service-definition.ts";
import type {
  BidiStreamingMethodName,
  MethodInit,
  MethodInput,
  MethodOutput,
  ServerStreamingMethodName,
  UnaryMethodName,
} from "./method-types.ts";

/** Metadata for every call: fixed, or asked for before each call (a token that is refreshed, say). */
export type CallMetadata = Readonly<Record<string, string>> | (() => Readonly<Record<string, string>>);

export interface ServiceClientOptions {
  /** TLS and call credentials; plaintext by default. */
  readonly credentials?: ChannelCredentials | undefined;
  readonly channelOptions?: ChannelOptions | undefined;
  readonly callMetadata?: CallMetadata | undefined;
  /**
   * What a failed unary call rejects with; the grpc-js ServiceError by default. Onceport callers
   * pass `fromGrpcError` of @onceport/errors (which depends on this package, so it cannot be the
   * default here). Streams emit grpc-js's errors as they are.
   */
  readonly mapError?: ((error: ServiceError) => unknown) | undefined;
}

export interface UnaryCallOptions {
  readonly metadata?: Metadata | undefined;
  /** The call's deadline, from now; none by default. */
  readonly timeoutMs?: number | undefined;
}

export interface StreamCallOptions {
  readonly metadata?: Metadata | undefined;
}

const passBytes = (bytes: Buffer): Buffer => bytes;

export class ServiceClient<S extends DescService> {
  readonly service: S;
  /** The grpc-js client underneath, for calls outside the service (health, reflection). */
  readonly grpc: Client;
  private readonly methods: Readonly<Record<string, MethodDefinition<unknown, unknown>>>;
  private readonly callMetadata: CallMetadata | undefined;
  private readonly mapError: (error: ServiceError) => unknown;

  constructor(service: S, address: string, options: ServiceClientOptions = {}) {
    this.service = service;
    this.methods = grpcServiceDefinition(service);
    this.grpc = new Client(
      address,
      options.credentials ?? grpcCredentials.createInsecure(),
      options.channelOptions ?? {},
    );
    this.callMetadata = options.callMetadata;
    this.mapError = options.mapError ?? ((error) => error);
  }

  /** A unary call: resolves with the response, rejects with `mapError` of the status. */
  call<N extends UnaryMethodName<S>>(
    name: N,
    init: MethodInit<S, N>,
    options: UnaryCallOptions = {},
  ): Promise<MethodOutput<S, N>> {
    const method = this.method(name);
    const request = this.request(name, init);
    return new Promise((resolve, reject) => {
      this.grpc.makeUnaryRequest(
        method.path,
        method.requestSerialize,
        method.responseDeserialize,
        request,
        this.metadataFor(options.metadata),
        deadlineOf(options.timeoutMs),
        (error, response) => {
          if (error) reject(this.mapError(error));
          else resolve(response as MethodOutput<S, N>);
        },
      );
    });
  }

  /** Opens a server stream (no deadline: it lives as long as its reader). */
  serverStream<N extends ServerStreamingMethodName<S>>(
    name: N,
    init: MethodInit<S, N>,
    options: StreamCallOptions = {},
  ): ClientReadableStream<MethodOutput<S, N>> {
    const method = this.method(name);
    return this.grpc.makeServerStreamRequest(
      method.path,
      method.requestSerialize,
      method.responseDeserialize,
      this.request(name, init),
      this.metadataFor(options.metadata),
      {},
    ) as ClientReadableStream<MethodOutput<S, N>>;
  }

  /** Opens a bidirectional stream (no deadline); the caller writes messages made with `create`. */
  bidiStream<N extends BidiStreamingMethodName<S>>(
    name: N,
    options: StreamCallOptions = {},
  ): ClientDuplexStream<MethodInput<S, N>, MethodOutput<S, N>> {
    const method = this.method(name);
    return this.grpc.makeBidiStreamRequest(
      method.path,
      method.requestSerialize,
      method.responseDeserialize,
      this.metadataFor(options.metadata),
      {},
    ) as ClientDuplexStream<MethodInput<S, N>, MethodOutput<S, N>>;
  }

  /**
   * Sends bytes as they are to any unary path and resolves with the response's bytes: a client
   * with a broken encoder, or a service this package has no descriptor of (health, reflection).
   */
  rawUnary(path: string, bytes: Uint8Array, options: UnaryCallOptions = {}): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      this.grpc.makeUnaryRequest(
        path,
        passBytes,
        passBytes,
        Buffer.from(bytes),
        this.metadataFor(options.metadata),
        deadlineOf(options.timeoutMs),
        (error, response) => {
          if (error) reject(this.mapError(error));
          else resolve(response as Buffer);
        },
      );
    });
  }

  close(): void {
    this.grpc.close();
  }

  private method(name: string): MethodDefinition<unknown, unknown> {
    const method = this.methods[name];
    if (method === undefined) throw new Error(`${this.service.typeName} has no method ${name}`);
    return method;
  }

  private request(name: string, init: unknown): unknown {
    const input: DescMessage | undefined = this.service.method[name]?.input;
    if (input === undefined) throw new Error(`${this.service.typeName} has no method ${name}`);
    return create(input, init as never);
  }

  /** The call's own metadata (copied, never changed) plus the client's, which wins on a shared key. */
  private metadataFor(metadata: Metadata | undefined): Metadata {
    const merged = metadata?.clone() ?? new Metadata();
    const extra = typeof this.callMetadata === "function" ? this.callMetadata() : this.callMetadata;
    for (const [key, value] of Object.entries(extra ?? {})) merged.set(key, value);
    return merged;
  }
}

function deadlineOf(timeoutMs: number | undefined): CallOptions {
  return timeoutMs === undefined ? {} : { deadline: Date.now() + timeoutMs };
}
