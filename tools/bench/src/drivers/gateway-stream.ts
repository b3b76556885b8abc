import { performance } from "node:perf_hooks";
import { create } from "@bufbuild/protobuf";
import { PublishStreamRequestSchema, RecordSchema } from "@onceport/api";
import { GatewayClient } from "../gateway/gateway-client.ts";
import { RateMeter } from "../measure/rate-meter.ts";
import type { GatewayStreamSpec, ThroughputResult } from "./driver-spec.ts";
import { throughput } from "./throughput.ts";
import { MeasureWindow, payload } from "./window.ts";

/**
 * Publishes through one publish stream as fast as the gateway acknowledges,
 * keeping at most `inFlightRecords` unacknowledged, and counts the records
 * acknowledged (so committed) inside the window.
 */
export async function gatewayStream(spec: GatewayStreamSpec): Promise<ThroughputResult> {
  const client = new GatewayClient(spec.address);
  const { sessionId } = await client.call("openSession", { clientId: spec.clientId });
  const value = payload(spec.recordBytes);
  const records = Array.from({ length: spec.recordsPerPublish }, () =>
    create(RecordSchema, { topic: spec.topic, value }),
  );
  const stream = client.bidiStream("publishStream");
  stream.write(create(PublishStreamRequestSchema, { kind: { case: "open", value: { sessionId } } }));

  const window = new MeasureWindow(spec);
  let next = 0;
  let inFlight = 0;
  const meter = new RateMeter();
  let errors = 0;
  let waitingForDrain = false;
  let ended = false;
  const pump = (): void => {
    while (!window.over && inFlight + spec.recordsPerPublish <= spec.inFlightRecords) {
      inFlight += spec.recordsPerPublish;
      const request = create(PublishStreamRequestSchema, {
        kind: { case: "publish", value: { idempotencyKey: String(next++), records } },
      });
      if (!stream.write(request)) {
        waitingForDrain = true;
        stream.once("drain", () => {
          waitingForDrain = false;
          pump();
        });
        return;
      }
    }
    if (window.over && inFlight === 0 && !ended) {
      ended = true;
      stream.end();
    }
  };
  const finished = new Promise<void>((resolve, reject) => {
    stream.on("data", (response: { error?: unknown; results: readonly unknown[] }) => {
      inFlight -= spec.recordsPerPublish;
      window.begin();
      if (response.error) errors++;
      else {
        const now = performance.now();
        if (window.contains(now)) meter.add(now, response.results.length);
      }
      if (!waitingForDrain) pump();
    });
    stream.on("error", reject);
    stream.on("end", resolve);
  });
  // The window may end while nothing is in flight to trigger the final pump.
  const ender = setInterval(() => {
    if (!waitingForDrain) pump();
  }, 50);
  pump();
  try {
    await finished;
  } finally {
    clearInterval(ender);
  }
  await client.call("closeSession", { sessionId }).catch(() => {});
  client.close();
  return throughput(meter, window, spec.recordBytes, errors);
}
