// A transaction: what the callback sends becomes visible all together when it
// returns, and never if it throws. Its idempotency key makes a re-run safe.
import { connect } from "@onceport/sdk";

const { ONCEPORT_ADDRESS = "127.0.0.1:50051", ONCEPORT_CLIENT_ID = "transaction-example" } = process.env;
const client = await connect({ address: ONCEPORT_ADDRESS, clientId: ONCEPORT_CLIENT_ID });

const order = "order-1";
const outcome = await client.transaction(
  async (tx) => {
    await tx.send([{ topic: "greetings", key: order, value: "reserved" }]);
    await tx.send([{ topic: "greetings", key: order, value: "paid" }]);
    return `${order} is paid`;
  },
  { idempotencyKey: order },
);
console.log(
  outcome.duplicate ? `${order} committed before: not run again` : `committed: ${outcome.value}`,
  outcome.results,
);

try {
  await client.transaction(async (tx) => {
    await tx.send([{ topic: "greetings", key: "order-2", value: "reserved" }]);
    throw new Error("payment declined");
  });
} catch (error) {
  console.log(`aborted, nothing of it is visible: ${(error as Error).message}`);
}
await client.close();
