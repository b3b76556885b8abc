// The streaming publisher, for throughput: `await submit()` waits only while the
// window of unacknowledged publishes is full; `flush()` waits for every
// acknowledgement. A dropped stream is resumed with the same keys: no duplicates.
import { connect } from "@onceport/sdk";

const { ONCEPORT_ADDRESS = "127.0.0.1:50051", ONCEPORT_CLIENT_ID = "publisher-example" } = process.env;
const count = Number(process.env.COUNT ?? 10_000);
const client = await connect({ address: ONCEPORT_ADDRESS, clientId: ONCEPORT_CLIENT_ID });
const publisher = client.publisher();

const run = Date.now().toString(36);
const started = performance.now();
for (let i = 0; i < count; i++) {
  await publisher.submit([{ topic: "greetings", key: `k${i % 10}`, value: `greeting ${i}` }], {
    idempotencyKey: `${run}-${i}`,
  });
}
await publisher.flush();
const seconds = (performance.now() - started) / 1000;
console.log(
  `published ${count} records in ${seconds.toFixed(2)} s (${Math.round(count / seconds)} records/s)`,
);
await client.close();
