// Run as a process of its own by kafkajs-patches.spec.ts: creates a kafkajs client through the
// factory, as every Onceport process does, and prints which patches it has and what it logged.
import { createKafkaClient } from "../../src/index.ts";

const logged: string[] = [];
const client = await createKafkaClient("kafkajs", {
  brokers: ["127.0.0.1:1"],
  clientId: "patches",
  logger: (level, message) => logged.push(`${level}: ${message}`),
});
process.stdout.write(
  JSON.stringify({ patches: (client as unknown as { patches: unknown }).patches, logged }),
);
