import { silenceKafkajsNegativeTimeoutWarning, waitForTopicOnEveryBroker } from "@onceport/kafkajs-compat";
import { type Admin, Kafka, logLevel } from "kafkajs";
import type { Command } from "../command.ts";
import { type CliIo, exitCodes } from "../io.ts";
import { brokers, integer, parse } from "../options.ts";
import { printError, printJson, printLine } from "../output.ts";
import { UsageError } from "../usage-error.ts";

const help = `Usage: onceport topics create TOPIC... [--partitions N] [--replication-factor N]
       onceport topics list [--all]

A developer convenience: the gateway creates no topics, so create them here, on
the Kafka brokers directly (kafkajs admin).

  --brokers HOST:PORT,...     Kafka (env ONCEPORT_BROKERS, default 127.0.0.1:19092, the one
                              \`npm start\` runs)
  --partitions N              partitions of a new topic (default 1)
  --replication-factor N      replicas of each partition (default: the broker's default)
  --all                       list internal topics too (names starting with "__")
  --json                      machine-readable output
  -h, --help                  this help`;

const options = {
  brokers: { type: "string" },
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
    const json = flags.json === true;
    const admin = createAdmin(brokers(flags.brokers, io));
    try {
      await admin.connect();
      if (action === "create")
        await create(admin, topics, { partitions, replicationFactor }, createAdmin, json, io);
      else await list(admin, flags.all === true, json, io);
      return exitCodes.ok;
    } catch (error) {
      printError(io, error, json);
      return exitCodes.failure;
    } finally {
      await admin.disconnect().catch(() => {});
    }
  },
};

function createAdmin(brokerList: string[]): Admin {
  silenceKafkajsNegativeTimeoutWarning();
  return new Kafka({
    clientId: "onceport-cli",
    brokers: brokerList,
    logLevel: logLevel.NOTHING,
    // A CLI should say quickly that Kafka is not there.
    connectionTimeout: 3_000,
    retry: { retries: 2 },
  }).admin();
}

/** How long new topics may take to reach every broker. */
const topicVisibleTimeoutMs = 30_000;

async function create(
  admin: Admin,
  topics: string[],
  { partitions, replicationFactor }: { partitions: number; replicationFactor: number },
  adminOf: (brokerList: string[]) => Admin,
  json: boolean,
  io: CliIo,
): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const fresh = topics.filter((topic) => !existing.has(topic));
  if (fresh.length > 0) {
    await admin.createTopics({
      topics: fresh.map((topic) => ({ topic, numPartitions: partitions, replicationFactor })),
      // kafkajs's own wait asks one broker and fails while it lags (waitForTopicOnEveryBroker).
      waitForLeaders: false,
      timeout: 30_000,
    });
    // Done only once every broker serves them: a producer may ask any broker next.
    for (const topic of fresh) {
      await waitForTopicOnEveryBroker(admin, topic, (address) => adminOf([address]), topicVisibleTimeoutMs);
    }
  }
  const report = topics.map((topic) => ({ topic, created: fresh.includes(topic) }));
  if (json) printJson(io, report);
  else {
    for (const { topic, created } of report) {
      printLine(io, created ? `created ${topic} (${partitions} partitions)` : `${topic} exists already`);
    }
  }
}

async function list(admin: Admin, all: boolean, json: boolean, io: CliIo): Promise<void> {
  const names = (await admin.listTopics()).filter((topic) => all || !topic.startsWith("__")).sort();
  const metadata = names.length === 0 ? { topics: [] } : await admin.fetchTopicMetadata({ topics: names });
  const report = metadata.topics
    .map((topic) => ({ topic: topic.name, partitions: topic.partitions.length }))
    .sort((a, b) => a.topic.localeCompare(b.topic));
  if (json) printJson(io, report);
  else for (const { topic, partitions } of report) printLine(io, `${topic}\t${partitions} partitions`);
}
