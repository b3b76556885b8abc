import { UsageError } from "@onceport/errors";
import {
  type AdapterName,
  adapterNames,
  createKafkaClient,
  defaultAdapters,
  isAdapterName,
  type KafkaAdmin,
  type KafkaClientOptions,
  waitForTopicsOnEveryBroker,
} from "@onceport/kafka";
import { OnceportError } from "@onceport/sdk";
import { type CliIo, exitCodes } from "../io.ts";
import { brokers, integer, parse } from "../options.ts";
import { printError, printJson, printLine } from "../output.ts";
import { type AskedSettings, settingsDiffer } from "./topic-settings.ts";

const help = `Usage: onceport topics create TOPIC... [--partitions N] [--replication-factor N]
       onceport topics list [--all]

A developer convenience: the gateway creates no topics, so create them here, on
the Kafka brokers directly. Creating a topic that exists is a no-op when it has
the --partitions and --replication-factor given (or none is given), and an error
(exit 1, nothing created) when it has others.

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

export async function topics(args: readonly string[], io: CliIo): Promise<number> {
  const { values: flags, positionals } = parse(args, options, true);
  const [action, ...names] = positionals;
  if (flags.help) {
    printLine(io, help);
    return exitCodes.ok;
  }
  if (action !== "create" && action !== "list")
    throw new UsageError("say `topics create TOPIC...` or `topics list`");
  if (action === "create" && names.length === 0) throw new UsageError("name the topic(s) to create");
  if (action === "list" && names.length > 0) throw new UsageError("`topics list` takes no names");
  const settings: AskedSettings = {
    partitions: flags.partitions === undefined ? undefined : integer("partitions", flags.partitions, 1, 1),
    replicationFactor:
      flags["replication-factor"] === undefined
        ? undefined
        : integer("replication-factor", flags["replication-factor"], 1, 1),
  };
  const adapter = kafkaAdapter(flags["kafka-client"], io);
  const json = flags.json === true;
  const adminOf = (brokerList: readonly string[]) => openAdmin(adapter, brokerList);
  let admin: KafkaAdmin | undefined;
  try {
    admin = await adminOf(brokers(flags.brokers, io));
    if (action === "create") await create(admin, names, settings, adminOf, json, io);
    else await list(admin, flags.all === true, json, io);
    return exitCodes.ok;
  } catch (error) {
    printError(io, error, json);
    return exitCodes.failure;
  } finally {
    await admin?.close().catch(() => {});
  }
}

/**
 * The Kafka client library: the flag, else ONCEPORT_KAFKA_CLIENT (as the gateway and the
 * tests read it), else Onceport's default.
 */
function kafkaAdapter(flag: string | undefined, io: CliIo): AdapterName {
  const named = flag ?? io.env.ONCEPORT_KAFKA_CLIENT;
  if (named === undefined || named === "") return defaultAdapters.reader;
  if (!isAdapterName(named)) {
    const from = flag === undefined ? "ONCEPORT_KAFKA_CLIENT" : "--kafka-client";
    throw new UsageError(`${from} must be one of ${adapterNames.join(", ")}, got "${named}"`);
  }
  return named;
}

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
  settings: AskedSettings,
  adminOf: (brokerList: readonly string[]) => Promise<KafkaAdmin>,
  json: boolean,
  io: CliIo,
): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const fresh = topics.filter((topic) => !existing.has(topic));
  const old = topics.filter((topic) => existing.has(topic));
  // Checked before anything is created: a refused command changes nothing.
  const described = old.length === 0 ? [] : await admin.describeTopics(old);
  const differing = described.flatMap((topic) => {
    const differences = settingsDiffer(topic, settings);
    return differences.length === 0 ? [] : [`${topic.topic} exists with ${differences.join(", ")}`];
  });
  if (differing.length > 0) {
    throw new OnceportError("INVALID_ARGUMENT", `${differing.join("; ")}: nothing was created or changed`);
  }
  const partitions = settings.partitions ?? 1;
  if (fresh.length > 0) {
    await admin.createTopics(
      fresh.map((topic) => ({
        topic,
        numPartitions: partitions,
        ...(settings.replicationFactor === undefined
          ? {}
          : { replicationFactor: settings.replicationFactor }),
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
  const partitionsOf = (topic: string): number =>
    described.find((entry) => entry.topic === topic)?.partitions.length ?? partitions;
  const report = topics.map((topic) => ({
    topic,
    created: fresh.includes(topic),
    partitions: partitionsOf(topic),
  }));
  if (json) printJson(io, report);
  else {
    for (const { topic, created, partitions: count } of report) {
      printLine(io, `${created ? "created" : "exists already:"} ${topic} (${count} partitions)`);
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
