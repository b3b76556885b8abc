import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const fixture = join(import.meta.dirname, "../../../test/kafkajs-fixtures/create-client.ts");

async function createInProcess(preloadKafkajs: boolean): Promise<{ patches: unknown; logged: string[] }> {
  const args = preloadKafkajs ? ["--require", "kafkajs", fixture] : [fixture];
  const { stdout } = await promisify(execFile)(process.execPath, args);
  return JSON.parse(stdout) as { patches: unknown; logged: string[] };
}

describe("the kafkajs adapter's patches", () => {
  it("are all in place in a process that loads kafkajs only through the adapter", async () => {
    const created = await createInProcess(false);
    expect(created.patches).toEqual({ produceSpeedups: true, recordDecoder: true });
    expect(created.logged).toEqual([]);
  });

  it("are partly off, with a warning, when kafkajs loaded before the adapter", async () => {
    const created = await createInProcess(true);
    // The record decoder loads lazily, on the first fetch: it can still be swapped then.
    expect(created.patches).toEqual({ produceSpeedups: false, recordDecoder: true });
    expect(created.logged).toEqual([
      "warn: kafkajs loaded before the kafkajs adapter: some of its patches are off (libs/kafka, kafkajs adapter)",
    ]);
  });
});
