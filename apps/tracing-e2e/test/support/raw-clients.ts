import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { Metadata } from "@grpc/grpc-js";
import {
  type ConsumedRecord,
  GatewayService,
  type ProcessBatch,
  ProcessRequestSchema,
  type ProcessResponse,
  ProcessService,
  PublishStreamRequestSchema,
  type PublishStreamResponse,
  ServiceClient,
  type SubscribeResponse,
  SubscribeService,
} from "@onceport/api";

/** Reads the committed records of some topics with Subscribe until `count` came; then cancels. */
export async function subscribeUntil(
  address: string,
  topics: string[],
  count: number,
): Promise<ConsumedRecord[]> {
  const subscriber = new ServiceClient(SubscribeService, address);
  const call = subscriber.serverStream("subscribe", { topics });
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
  const gateway = new ServiceClient(GatewayService, address);
  const metadata = new Metadata();
  if (traceparent !== "") metadata.set("traceparent", traceparent);
  const call = gateway.bidiStream("publishStream", { metadata });
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
  const processor = new ServiceClient(ProcessService, address);
  const call = processor.bidiStream("process");
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
