import {
  type AdapterName,
  createKafkaClient,
  type KafkaAdmin,
  type KafkaClientOptions,
  waitForTopicsOnEveryBroker,
} from "@onceport/kafka";
import type { Command } from "../command.ts";
import { type CliIo, exitCodes } from "../io.ts";
import { brokers, integer, kafkaAdapter, parse } from "../options.ts";
import { printError, printJson, printLine } from "../output.ts";
import { UsageError } from "../usage-error.ts";

const help = `Usage: onceport topics create TOPIC... [--partitions N] [--replication-factor N]
       onceport topics list [--all]

A developer convenience: the gateway creates no topics, so create them here, on
the Kafka brokers directly.

  --brokers HOST:PORT,...     Kafka (env ONCEPORT_BROKERS, default 127.0.0.1:19092, the one
                              \`npm start\` runs)
  --kafka-client NAME         the Kafka client library: librdkafka, platformatic or kafkajs
                              (env ONCEPORT_KAFKA_CLIENT, default: Onceport's default)
  --partitions N              partitions of a new topic (default 1)
  --replication-factor N      replicas of each partition (default: the broker's default)
  --all                       list internal topics too (names starting with "__")
  --json                      machine-readable output
  -h, --help                  this help`;

const options = {
  brokers: { type: "string" },
  "kafka-client": { type: "string" },
  partitions: { type: "string" },
  "replication-factor": { type: "string" },
  all: { type: "boolean" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

export const topicsCommand: Command = {
  name: "topics",
  summary: "create and list Kafka topics (development convenience)",
  help,
  async run(args, io) {
    const { values: flags, positionals } = parse(args, options, true);
    const [action, ...topics] = positionals;
    if (flags.help) {
      printLine(io, help);
      return exitCodes.ok;
    }
    if (action !== "create" && action !== "list")
      throw new UsageError("say `topics create TOPIC...` or `topics list`");
    if (action === "create" && topics.length === 0) throw new UsageError("name the topic(s) to create");
    if (action === "list" && topics.length > 0) throw new UsageError("`topics list` takes no names");
    const partitions = integer("partitions", flags.partitions, 1, 1);
    const replicationFactor = integer("replication-factor", flags["replication-factor"], -1, 1);
    const adapter = kafkaAdapter(flags["kafka-client"], io);
    const json = flags.json === true;
    const adminOf = (brokerList: readonly string[]) => openAdmin(adapter, brokerList);
    let admin: KafkaAdmin | undefined;
    try {
      admin = await adminOf(brokers(flags.brokers, io));
      if (action === "create")
        await create(admin, topics, { partitions, replicationFactor }, adminOf, json, io);
      else await list(admin, flags.all === true, json, io);
      return exitCodes.ok;
    } catch (error) {
      printError(io, error, json);
      return exitCodes.failure;
    } finally {
      await admin?.close().catch(() => {});
    }
  },
};

async function openAdmin(adapter: AdapterName, brokerList: readonly string[]): Promise<KafkaAdmin> {
  const clientOptions: KafkaClientOptions = {
    brokers: brokerList,
    clientId: "onceport-cli",
    // A CLI should say quickly that Kafka is not there (librdkafka gives up after a request
    // time-out, 30 s unless told).
    retries: 2,
    requestTimeoutMs: 10_000,
  };
  return (await createKafkaClient(adapter, clientOptions)).admin();
}

/** How long new topics may take to reach every broker. */
const topicVisibleTimeoutMs = 30_000;

async function create(
  admin: KafkaAdmin,
  topics: string[],
  { partitions, replicationFactor }: { partitions: number; replicationFactor: number },
  adminOf: (brokerList: readonly string[]) => Promise<KafkaAdmin>,
  json: boolean,
  io: CliIo,
): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const fresh = topics.filter((topic) => !existing.has(topic));
  if (fresh.length > 0) {
    await admin.createTopics(
      fresh.map((topic) => ({
        topic,
        numPartitions: partitions,
        ...(replicationFactor === -1 ? {} : { replicationFactor }),
      })),
    );
    // Done only once every broker serves them: a producer may ask any broker next, and a
    // client's own wait after creating may have asked just one. Every broker the cluster has,
    // not only those given: one seed broker is enough to name the others.
    const addresses = (await admin.describeCluster()).map((broker) => `${broker.host}:${broker.port}`);
    await waitForTopicsOnEveryBroker(
      addresses,
      fresh,
      (address) => adminOf([address]),
      topicVisibleTimeoutMs,
    );
  }
  const report = topics.map((topic) => ({ topic, created: fresh.includes(topic) }));
  if (json) printJson(io, report);
  else {
    for (const { topic, created } of report) {
      printLine(io, created ? `created ${topic} (${partitions} partitions)` : `${topic} exists already`);
    }
  }
}

async function list(admin: KafkaAdmin, all: boolean, json: boolean, io: CliIo): Promise<void> {
  const names = (await admin.listTopics()).filter((topic) => all || !topic.startsWith("__")).sort();
  const described = names.length === 0 ? [] : await admin.describeTopics(names);
  const report = described
    .map((topic) => ({ topic: topic.topic, partitions: topic.partitions.length }))
    .sort((a, b) => a.topic.localeCompare(b.topic));
  if (json) printJson(io, report);
  else for (const { topic, partitions } of report) printLine(io, `${topic}\t${partitions} partitions`);
}
