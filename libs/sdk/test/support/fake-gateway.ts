import { create, type MessageInitShape, type MessageShape } from "@bufbuild/protobuf";
import {
  type Metadata,
  Server,
  ServerCredentials,
  type ServerDuplexStream,
  type ServerUnaryCall,
  type sendUnaryData,
  type status,
  type UntypedServiceImplementation,
} from "@grpc/grpc-js";
import {
  GatewayService,
  grpcServiceDefinition,
  type PublishStreamPublish,
  type PublishStreamRequest,
  type PublishStreamResponse,
  PublishStreamResponseSchema,
} from "@onceport/api";
import { OnceportError, type Reason, toGrpcStatus } from "@onceport/errors";

type Methods = typeof GatewayService.method;
type Unary = Exclude<keyof Methods, "publishStream">;
type Request<M extends Unary> = MessageShape<Methods[M]["input"]>;
type Response<M extends Unary> = MessageInitShape<Methods[M]["output"]>;

/** A scripted answer: return a response, or throw an OnceportError the client receives as a status. */
export type Handler<M extends Unary> = (request: Request<M>, metadata: Metadata) => Promise<Response<M>>;
export type Handlers = { [M in Unary]?: Handler<M> };

export interface ReceivedCall {
  readonly method: Unary | "publishStream";
  readonly request: unknown;
  readonly metadata: Metadata;
}

export interface FakeGateway {
  readonly address: string;
  /** Every call received, in order. */
  readonly calls: ReceivedCall[];
  callsOf<M extends Unary>(method: M): Request<M>[];
  /** Every publish received on publish streams, in order. */
  readonly streamPublishes: PublishStreamPublish[];
  stop(): Promise<void>;
}

/**
 * A GatewayService whose answers a test scripts: for the SDK's retry,
 * reopen, fencing and tracing logic without Kafka. Unscripted methods answer
 * like a healthy gateway: OpenSession gives sessions "s1", "s2"..., the rest
 * succeed, and the publish stream acknowledges every publish at once.
 */
export async function startFakeGateway(handlers: Handlers = {}): Promise<FakeGateway> {
  const calls: ReceivedCall[] = [];
  const streamPublishes: PublishStreamPublish[] = [];
  let sessions = 0;
  const defaults: Required<Handlers> = {
    openSession: async (request) => ({
      sessionId: `s${++sessions}`,
      transactionalId: `fake-${request.clientId}`,
      idleTimeoutMs: 60_000n,
    }),
    closeSession: async () => ({}),
    publish: async (request) => ({
      results: request.records.map((record, index) => ({
        topic: record.topic,
        partition: 0,
        offset: BigInt(index),
        messageId: `${request.idempotencyKey}/${index}`,
      })),
    }),
    beginTransaction: async () => ({ transactionId: "t1" }),
    send: async () => ({ results: [] }),
    commitTransaction: async () => ({ results: [] }),
    abortTransaction: async () => ({}),
  };
  const implementation: UntypedServiceImplementation = {};
  for (const method of Object.keys(defaults) as Unary[]) {
    implementation[method] = (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => {
      calls.push({ method, request: call.request, metadata: call.metadata });
      const handler = (handlers[method] ?? defaults[method]) as Handler<Unary>;
      handler(call.request as never, call.metadata).then(
        (response) => callback(null, create(GatewayService.method[method].output, response as never)),
        (error: unknown) =>
          callback(error instanceof BareStatus ? error.status : toGrpcStatus(OnceportError.from(error))),
      );
    };
  }
  implementation.publishStream = (call: ServerDuplexStream<PublishStreamRequest, PublishStreamResponse>) => {
    calls.push({ method: "publishStream", request: undefined, metadata: call.metadata });
    // Acknowledges each publish at once, as if each committed on arrival.
    call.on("data", (request: PublishStreamRequest) => {
      if (request.kind.case !== "publish") return;
      streamPublishes.push(request.kind.value);
      const { idempotencyKey, records } = request.kind.value;
      call.write(
        create(PublishStreamResponseSchema, {
          idempotencyKey,
          results: records.map((record, index) => ({
            topic: record.topic,
            messageId: `${idempotencyKey}/${index}`,
          })),
        }),
      );
    });
    call.on("end", () => call.end());
  };
  const server = new Server();
  server.addService(grpcServiceDefinition(GatewayService), implementation);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return {
    address: `127.0.0.1:${port}`,
    calls,
    streamPublishes,
    callsOf: <M extends Unary>(method: M) =>
      calls.filter((call) => call.method === method).map((call) => call.request as Request<M>),
    stop: () =>
      new Promise<void>((resolve) => {
        server.forceShutdown();
        resolve();
      }),
  };
}

/** The error a real gateway would answer with. */
export function gatewayError(reason: Reason, message: string = reason): OnceportError {
  return new OnceportError(reason, message);
}

/** A status with no Onceport reason, as a proxy or a dying server gives: throw it from a handler. */
export class BareStatus extends Error {
  readonly status: { code: status; details: string };
  constructor(code: status, details: string) {
    super(details);
    this.status = { code, details };
  }
}
