import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { create } from "@bufbuild/protobuf";
import {
  GatewayService,
  PublishStreamRequestSchema,
  type PublishStreamResponse,
  RecordSchema,
  ServiceClient,
} from "@onceport/api";

export interface StreamLoad {
  readonly address: string;
  readonly clientId: string;
  readonly topic: string;
  readonly recordsPerPublish: number;
  readonly recordBytes: number;
  /** Unacknowledged records at most (the gateway's window is 20,000). */
  readonly inFlightRecords: number;
  readonly warmupMs: number;
  readonly measureMs: number;
  /** The share of publishes whose traceparent says "sampled" (the client's sampler). */
  readonly sampled: number;
}

/** The W3C traceparent of a new trace: what a traced client sends with each publish. */
function newTraceparent(sampled: boolean): string {
  return `00-${randomBytes(16).toString("hex")}-${randomBytes(8).toString("hex")}-${sampled ? "01" : "00"}`;
}

/**
 * Publishes through one publish stream as fast as the gateway acknowledges
 * and returns the records acknowledged per second within the measured
 * window (after a warm-up), and all the records acknowledged. Every publish carries a traceparent of its own,
 * as from a client that traces (sampled or not, as `sampled` says): a
 * gateway without telemetry ignores it.
 */
export async function streamRecordsPerSecond(
  load: StreamLoad,
): Promise<{ readonly perSecond: number; readonly acknowledged: number }> {
  const client = new ServiceClient(GatewayService, load.address);
  const session = await client.call("openSession", { clientId: load.clientId });
  const stream = client.bidiStream("publishStream");
  stream.write(
    create(PublishStreamRequestSchema, { kind: { case: "open", value: { sessionId: session.sessionId } } }),
  );
  const value = randomBytes(load.recordBytes);
  const records = Array.from({ length: load.recordsPerPublish }, () =>
    create(RecordSchema, { topic: load.topic, value }),
  );

  const startedAt = performance.now();
  const measureFrom = startedAt + load.warmupMs;
  const measureTo = measureFrom + load.measureMs;
  let next = 0;
  let inFlight = 0;
  let measured = 0;
  let acknowledged = 0;
  let blocked = false;
  let ended = false;
  const pump = (): void => {
    while (
      !blocked &&
      performance.now() < measureTo &&
      inFlight + load.recordsPerPublish <= load.inFlightRecords
    ) {
      inFlight += load.recordsPerPublish;
      const request = create(PublishStreamRequestSchema, {
        kind: {
          case: "publish",
          value: {
            idempotencyKey: `${load.clientId}-${next++}`,
            records,
            traceparent: newTraceparent(Math.random() < load.sampled),
          },
        },
      });
      if (!stream.write(request)) {
        blocked = true;
        stream.once("drain", () => {
          blocked = false;
          pump();
        });
      }
    }
    if (performance.now() >= measureTo && inFlight === 0 && !ended) {
      ended = true;
      stream.end();
    }
  };
  await new Promise<void>((resolve, reject) => {
    stream.on("data", (response: PublishStreamResponse) => {
      inFlight -= load.recordsPerPublish;
      if (response.error) {
        reject(new Error(`publish refused: ${response.error.reason} ${response.error.message}`));
        return;
      }
      const now = performance.now();
      acknowledged += response.results.length;
      if (now >= measureFrom && now < measureTo) measured += response.results.length;
      pump();
    });
    stream.on("error", reject);
    stream.on("end", resolve);
    const ender = setInterval(pump, 50);
    stream.on("close", () => clearInterval(ender));
    pump();
  });
  client.close();
  return { perSecond: measured / (load.measureMs / 1000), acknowledged };
}
