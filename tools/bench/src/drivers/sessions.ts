import { performance } from "node:perf_hooks";
import { create } from "@bufbuild/protobuf";
import { RecordSchema } from "@onceport/api";
import { GatewayClient } from "../gateway/gateway-client.ts";
import type { SessionsResult, SessionsSpec } from "./driver-spec.ts";
import { payload, sleep } from "./window.ts";

/**
 * Opens many sessions (each a transactional producer in the gateway), a few at
 * a time; each starts publishing one record every `publishIntervalMs` as soon
 * as it is open (so none sits idle while the others open, which the gateway's
 * idle sweep would rightly close). Reports the time to open them all, and the
 * latency of the publishes made once all were open, for `durationMs`.
 */
export async function sessions(spec: SessionsSpec): Promise<SessionsResult> {
  const client = new GatewayClient(spec.address);
  const value = payload(spec.recordBytes);
  const records = [create(RecordSchema, { topic: spec.topic, value })];
  let errors = 0;
  let firstError: string | undefined;
  const fail = (error: unknown): void => {
    errors++;
    firstError ??= error instanceof Error ? error.message : String(error);
  };

  const latencies: number[] = [];
  let allOpenAt = Number.POSITIVE_INFINITY;
  let end = Number.POSITIVE_INFINITY;
  const publisher = async (sessionId: string): Promise<void> => {
    let sequence = 0;
    let due = performance.now() + Math.random() * spec.publishIntervalMs;
    for (;;) {
      await sleep(due - performance.now());
      if (due >= end) return;
      const sent = performance.now();
      try {
        await client.call("publish", { sessionId, idempotencyKey: String(sequence++), records });
        if (sent >= allOpenAt) latencies.push(performance.now() - sent);
      } catch (error) {
        fail(error);
      }
      due += spec.publishIntervalMs;
    }
  };

  const ids: string[] = [];
  const publishers: Promise<void>[] = [];
  const openStarted = performance.now();
  let nextToOpen = 0;
  const opener = async (): Promise<void> => {
    while (nextToOpen < spec.sessions) {
      const index = nextToOpen++;
      try {
        const { sessionId } = await client.call("openSession", {
          clientId: `${spec.clientIdPrefix}${index}`,
        });
        ids.push(sessionId);
        publishers.push(publisher(sessionId));
      } catch (error) {
        fail(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(spec.openConcurrency, spec.sessions) }, opener));
  allOpenAt = performance.now();
  end = allOpenAt + spec.durationMs;
  const openSeconds = (allOpenAt - openStarted) / 1000;
  await Promise.all(publishers);
  if (spec.closeSessions) {
    await Promise.all(ids.map((sessionId) => client.call("closeSession", { sessionId }).catch(fail)));
  }
  client.close();
  return { kind: "sessions", opened: ids.length, openSeconds, latenciesMs: latencies, errors, firstError };
}
