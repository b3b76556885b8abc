import { create } from "@bufbuild/protobuf";
import type { handleBidiStreamingCall, ServerDuplexStream } from "@grpc/grpc-js";
import {
  type ProcessJoin,
  ProcessRequestSchema,
  type ProcessResponse,
  ProcessResponseSchema,
} from "@onceport/api";
import { OnceportError, toGrpcStatus } from "@onceport/errors";
import { principalOf } from "../auth/index.ts";
import { decodeRequest } from "../rpc/decode-request.ts";
import { asReportedError } from "../rpc/reported-error.ts";
import { checkJoin } from "./join-spec.ts";
import type { ConsumerEnvironment } from "./process-environment.ts";
import type { StreamRegistry } from "./stream-registry.ts";
import { type ProcessResponseInit, type WorkerChannel, WorkerSession } from "./worker-session.ts";

type Call = ServerDuplexStream<Buffer, ProcessResponse>;

export function processHandler(
  env: ConsumerEnvironment,
  registry: StreamRegistry<WorkerSession>,
): handleBidiStreamingCall<Buffer, ProcessResponse> {
  return (call) => {
    new ProcessStream(call, env, registry).start();
  };
}

/**
 * The gRPC side of a worker's session: decodes what the worker sends (`join`,
 * then results), writes what the session sends, ends the call once. A worker
 * that disconnects drops its open batches; one that half-closes has its open
 * batches revoked and the stream ends OK.
 */
class ProcessStream implements WorkerChannel {
  private session: WorkerSession | undefined;
  private joining = false;
  /** The worker half-closed: it sends nothing more. */
  private halfClosed = false;
  private ended = false;

  private readonly call: Call;
  private readonly env: ConsumerEnvironment;
  private readonly registry: StreamRegistry<WorkerSession>;

  constructor(call: Call, env: ConsumerEnvironment, registry: StreamRegistry<WorkerSession>) {
    this.call = call;
    this.env = env;
    this.registry = registry;
  }

  start(): void {
    this.call.on("data", (bytes: Buffer) => this.receive(bytes));
    this.call.on("end", () => {
      this.halfClosed = true;
      if (this.session) this.session.drain(0).catch(() => {});
      else if (!this.joining) this.end();
    });
    const gone = () => {
      this.ended = true;
      this.session?.close().catch(() => {});
    };
    this.call.on("cancelled", gone);
    this.call.on("error", gone);
  }

  send(response: ProcessResponseInit): void {
    if (!this.ended) this.call.write(create(ProcessResponseSchema, response));
  }

  end(error?: OnceportError): void {
    if (this.ended) return;
    this.ended = true;
    if (error)
      this.call.emit("error", toGrpcStatus(asReportedError(error, this.call.getPath(), this.env.logger)));
    else this.call.end();
  }

  private receive(bytes: Buffer): void {
    try {
      const request = decodeRequest(ProcessRequestSchema, bytes);
      switch (request.kind.case) {
        case "join":
          if (this.joining || this.session)
            throw new OnceportError("INVALID_ARGUMENT", "this stream joined already");
          this.joining = true;
          this.join(request.kind.value).catch((error: unknown) => this.fail(error));
          return;
        case "result":
          if (!this.session) throw new OnceportError("STREAM_NOT_OPEN", "send `join` before any result");
          // Outputs to a topic not granted end the stream before anything of the batch is written.
          this.env.access.write(
            principalOf(this.call),
            request.kind.value.outputs.flatMap((output) => output.record?.topic || []),
          );
          this.session.onResult(request.kind.value);
          return;
        default:
          throw new OnceportError("MALFORMED_REQUEST", "a Process message must be `join` or `result`");
      }
    } catch (error) {
      this.fail(error);
    }
  }

  private async join(join: ProcessJoin): Promise<void> {
    // Before the topics are looked up: who may not process them learns nothing of them.
    this.env.access.process(principalOf(this.call), join);
    const spec = await checkJoin(join, this.env.process, this.env.catalog, this.env.limits);
    if (this.ended) return;
    const session = this.registry.admit(
      principalOf(this.call).name,
      () => new WorkerSession(spec, this.env, this),
    );
    this.session = session;
    this.send({
      kind: {
        case: "joined",
        value: {
          leaseMs: BigInt(this.env.process.leaseMs),
          maxBatchRecords: spec.maxBatchRecords,
          maxInFlightBatches: spec.maxInFlightBatches,
        },
      },
    });
    this.env.logger.info(
      { component: "process", group: spec.group, workerId: spec.workerId, topics: spec.topics },
      "worker joined",
    );
    if (this.halfClosed) {
      await session.drain(0);
      return;
    }
    await session.start();
  }

  private fail(error: unknown): void {
    const failure = OnceportError.from(error);
    if (this.session) this.session.close(failure).catch(() => {});
    else this.end(failure);
  }
}
