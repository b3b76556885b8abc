// vitest globalSetup for every package whose tests need Kafka:
//   test: { globalSetup: ["@onceport/kafka-dev/vitest-global-setup"] }
// Makes sure the shared single broker (127.0.0.1:19092) runs before the tests and, if the
// test harness started it, stops it after the last concurrent test run has finished.
// ONCEPORT_KEEP_KAFKA=1 keeps it running afterwards (faster repeated runs).
import { ensureLocalBroker } from "./ensure-local-broker.ts";
import { displayPath } from "./paths.ts";

export default async function setup(): Promise<() => Promise<void>> {
  const lease = await ensureLocalBroker();
  const { broker } = lease;
  const how = lease.startedHere ? `started in ${(broker.elapsedMs / 1000).toFixed(1)} s` : "reused";
  process.stderr.write(
    `[kafka] broker ${broker.address} ${how} (pid ${broker.pid ?? "unknown"}, logs ${displayPath(broker.serverLog)})\n`,
  );
  return async () => {
    const keep = process.env.ONCEPORT_KEEP_KAFKA === "1";
    const { stopped } = await lease.release({ keep });
    if (stopped) process.stderr.write(`[kafka] broker ${broker.address} stopped\n`);
  };
}
