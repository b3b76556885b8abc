// A currency-conversion worker as its own process, so that a test can SIGKILL it mid-batch.
// Prints one line per committed batch ("acked <records>"); SIGTERM makes it leave cleanly.
import { setTimeout as sleep } from "node:timers/promises";
import { connect, eachRecord } from "../../src/index.ts";
import { convert, type Payment } from "./currency.ts";

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const client = await connect({ address: env("ONCEPORT_ADDRESS"), clientId: env("WORKER_ID") });
const output = env("OUTPUT_TOPIC");
const thinkMs = Number(process.env.THINK_MS ?? "0");
const transform = eachRecord((record) => convert(JSON.parse(record.value.toString()) as Payment, output));
const worker = client.process(
  {
    group: env("GROUP"),
    topics: [env("INPUT_TOPIC")],
    maxBatchRecords: Number(process.env.MAX_BATCH_RECORDS ?? "100"),
    maxInFlightBatches: 2,
    onEvent: (event) => {
      if (event.type === "acked") process.stdout.write(`acked ${event.records}\n`);
      if (event.type === "reconnecting") process.stdout.write(`reconnecting ${event.error.reason}\n`);
    },
  },
  async (batch) => {
    // A worker doing real work: batches stay open a while, so a kill leaves some unanswered.
    if (thinkMs > 0) await sleep(thinkMs);
    return await transform(batch);
  },
);
// A clean leave: done resolves, the script closes the client and exits 0.
process.once("SIGTERM", () => {
  worker.stop().catch(() => {}); // its failure is done's, awaited below
});
process.stdout.write("started\n");
await worker.done;
await client.close();
