// The Kafka clients this tool and the tests make: Onceport's own seam (@onceport/kafka), with
// the adapter Onceport uses by default for the role, or the one ONCEPORT_KAFKA_CLIENT names
// (so every suite can be run against another adapter: ONCEPORT_KAFKA_CLIENT=kafkajs npm test).
import {
  type AdapterName,
  adapterNames,
  createKafkaClient,
  defaultAdapters,
  isAdapterName,
  type KafkaAdmin,
  type KafkaClient,
  type KafkaRole,
} from "@onceport/kafka";

export function devAdapter(role: KafkaRole): AdapterName {
  const named = process.env.ONCEPORT_KAFKA_CLIENT;
  if (named === undefined || named === "") return defaultAdapters[role];
  if (!isAdapterName(named)) {
    throw new Error(`ONCEPORT_KAFKA_CLIENT=${named}: not one of ${adapterNames.join(", ")}`);
  }
  return named;
}

export async function devKafkaClient(
  brokers: readonly string[],
  clientId = "onceport-kafka-dev",
  role: KafkaRole = "reader",
): Promise<KafkaClient> {
  return createKafkaClient(devAdapter(role), { brokers, clientId });
}

/** Runs `work` with an admin client of `brokers`, closed afterwards. */
export async function withAdmin<T>(
  brokers: readonly string[],
  work: (admin: KafkaAdmin) => Promise<T>,
  clientId = "onceport-kafka-dev-admin",
): Promise<T> {
  const admin = await (await devKafkaClient(brokers, clientId)).admin();
  try {
    return await work(admin);
  } finally {
    await admin.close().catch(() => undefined);
  }
}
