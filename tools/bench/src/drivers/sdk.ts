import { performance } from "node:perf_hooks";
import { connect, type PublishRecord } from "@onceport/sdk";
import { RateMeter } from "../measure/rate-meter.ts";
import type { LatencyResult, SdkStreamSpec, SdkUnarySpec, ThroughputResult } from "./driver-spec.ts";
import { throughput } from "./throughput.ts";
import { unaryLoad } from "./unary-load.ts";
import { MeasureWindow, payload } from "./window.ts";

function records(topic: string, recordBytes: number, count: number): PublishRecord[] {
  const value = payload(recordBytes);
  return Array.from({ length: count }, () => ({ topic, value }));
}

/** Atomic publishes through the SDK, as an application would make them. */
export async function sdkUnary(spec: SdkUnarySpec): Promise<LatencyResult> {
  const client = await connect({ address: spec.address, clientId: spec.clientId });
  const batch = records(spec.topic, spec.recordBytes, spec.recordsPerPublish);
  try {
    return await unaryLoad(spec, spec.ratePerSec, async (sequence) => {
      await client.publish(batch, { idempotencyKey: String(sequence) });
    });
  } finally {
    await client.close();
  }
}

/** The publish stream through the SDK's publisher, which keeps its own window of records in flight. */
export async function sdkStream(spec: SdkStreamSpec): Promise<ThroughputResult> {
  const client = await connect({ address: spec.address, clientId: spec.clientId });
  const publisher = client.publisher({ maxInFlightRecords: spec.inFlightRecords });
  const batch = records(spec.topic, spec.recordBytes, spec.recordsPerPublish);
  const window = new MeasureWindow(spec);
  const meter = new RateMeter();
  let errors = 0;
  let sequence = 0;
  const count = (): void => {
    const now = performance.now();
    window.begin(now);
    if (window.contains(now)) meter.add(now, batch.length);
  };
  try {
    while (!window.over) {
      const submitted = await publisher.submit(batch, { idempotencyKey: String(sequence++) });
      submitted.acknowledged.then(count, () => {
        errors++;
      });
    }
    await publisher.close();
  } finally {
    await client.close();
  }
  return throughput(meter, window, spec.recordBytes, errors);
}
