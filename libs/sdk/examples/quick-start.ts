import { connect } from "@onceport/sdk";

const { ONCEPORT_ADDRESS = "127.0.0.1:50051", ONCEPORT_CLIENT_ID = "quick-start" } = process.env;
const client = await connect({ address: ONCEPORT_ADDRESS, clientId: ONCEPORT_CLIENT_ID });
const greetings = ["hello", "bonjour"].map((value) => ({ topic: "greetings", value }));
const { results, duplicate } = await client.publish(greetings, { idempotencyKey: "greetings-1" });
console.log(duplicate ? "already written before, nothing new:" : "written:", results);
await client.close();
