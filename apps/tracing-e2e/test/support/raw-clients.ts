import { create, type MessageInitShape } from "@bufbuild/protobuf";
import {
  type Client,
  type ClientDuplexStream,
  type ClientReadableStream,
  credentials,
  Metadata,
  makeGenericClientConstructor,
} from "@grpc/grpc-js";
import {
  type ConsumedRecord,
  GatewayService,
  grpcServiceDefinition,
  type ProcessBatch,
  type ProcessRequest,
  ProcessRequestSchema,
  type ProcessResponse,
  ProcessService,
  type PublishStreamRequest,
  PublishStreamRequestSchema,
  type PublishStreamResponse,
  SubscribeRequestSchema,
  type SubscribeResponse,
  SubscribeService,
} from "@onceport/api";

type Method = (...args: unknown[]) => unknown;

function client(address: string, service: Parameters<typeof grpcServiceDefinition>[0], name: string): Client {
  const Constructor = makeGenericClientConstructor(grpcServiceDefinition(service), name);
  return new Constructor(address, credentials.createInsecure());
}

function method(of: Client, name: string): Method {
  const found = (of as unknown as Record<string, Method>)[name];
  if (!found) throw new Error(`no method ${name}`);
  return found.bind(of);
}

/** Reads the committed records of some topics with Subscribe until `count` came; then cancels. */
export async function subscribeUntil(
  address: string,
  topics: string[],
  count: number,
): Promise<ConsumedRecord[]> {
  const subscriber = client(address, SubscribeService, "SubscribeService");
  const call = method(
    subscriber,
    "subscribe",
  )(create(SubscribeRequestSchema, { topics })) as ClientReadableStream<SubscribeResponse>;
  const records: ConsumedRecord[] = [];
  try {
    return await new Promise<ConsumedRecord[]>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`Subscribe read ${records.length} of ${count}`)),
        30_000,
      );
      call.on("data", (response: SubscribeResponse) => {
        records.push(...response.records);
        if (records.length >= count) {
          clearTimeout(timer);
          resolve(records);
        }
      });
      call.on("error", (error: Error) => {
        clearTimeout(timer);
        if (records.length < count) reject(error);
      });
    });
  } finally {
    call.cancel();
    subscriber.close();
  }
}

/** A publish stream spoken raw, with the stream's trace context in its metadata. */
export function openPublishStream(address: string, traceparent: string) {
  const gateway = client(address, GatewayService, "GatewayService");
  const metadata = new Metadata();
  if (traceparent !== "") metadata.set("traceparent", traceparent);
  const call = method(gateway, "publishStream")(metadata) as ClientDuplexStream<
    PublishStreamRequest,
    PublishStreamResponse
  >;
  const responses: PublishStreamResponse[] = [];
  call.on("data", (response: PublishStreamResponse) => responses.push(response));
  call.on("error", () => {});
  return {
    responses,
    write(request: MessageInitShape<typeof PublishStreamRequestSchema>): void {
      call.write(create(PublishStreamRequestSchema, request));
    },
    close(): void {
      call.end();
      gateway.close();
    },
  };
}

/** A Process worker spoken raw: `answer` decides the outputs of each batch. */
export function startWorker(
  address: string,
  join: { group: string; topics: string[]; workerId: string },
  answer: (batch: ProcessBatch) => MessageInitShape<typeof ProcessRequestSchema>,
) {
  const processor = client(address, ProcessService, "ProcessService");
  const call = method(processor, "process")() as ClientDuplexStream<ProcessRequest, ProcessResponse>;
  const acked = new Set<string>();
  const batches: ProcessBatch[] = [];
  call.on("error", () => {});
  call.on("data", (response: ProcessResponse) => {
    if (response.kind.case === "batch") {
      batches.push(response.kind.value);
      call.write(create(ProcessRequestSchema, answer(response.kind.value)));
    } else if (response.kind.case === "ack") {
      acked.add(response.kind.value.batchId);
    }
  });
  call.write(create(ProcessRequestSchema, { kind: { case: "join", value: join } }));
  return {
    batches,
    acked,
    stop(): void {
      call.end();
      processor.close();
    },
  };
}
