import { create } from "@bufbuild/protobuf";
import { RecordSchema } from "@onceport/api";
import { GatewayClient } from "../gateway/gateway-client.ts";
import type { GatewayUnarySpec, LatencyResult } from "./driver-spec.ts";
import { unaryLoad } from "./unary-load.ts";
import { payload } from "./window.ts";

/** Atomic publishes through the gateway's unary Publish, on one session. */
export async function gatewayUnary(spec: GatewayUnarySpec): Promise<LatencyResult> {
  const client = new GatewayClient(spec.address);
  const { sessionId } = await client.call("openSession", { clientId: spec.clientId });
  const value = payload(spec.recordBytes);
  const records = Array.from({ length: spec.recordsPerPublish }, () =>
    create(RecordSchema, { topic: spec.topic, value }),
  );
  try {
    return await unaryLoad(spec, spec.ratePerSec, async (sequence) => {
      await client.call("publish", { sessionId, idempotencyKey: String(sequence), records });
    });
  } finally {
    await client.call("closeSession", { sessionId }).catch(() => {});
    client.close();
  }
}
