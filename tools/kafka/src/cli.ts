// `npm run kafka -- <command>`: runs a local Kafka broker (or a 3-node cluster) for development
// and tests. Exit codes: 0 ok, 1 failure, 2 usage error.
import {
  isUsageError,
  parseCommandLine,
  USAGE_EXIT_CODE,
  UsageError,
  usageErrorText,
} from "@onceport/errors";
import type { NodeStatus } from "./broker-node.ts";
import { describeListening } from "./broker-node.ts";
import type { NodeStopResult } from "./cluster.ts";
import { clusterStatus, killNode, startCluster, startNode, stopCluster, stopNode } from "./cluster.ts";
import { CLUSTER_NODES, CLUSTER_SIZE, clusterNodeSpec, SINGLE_NODE } from "./layouts.ts";
import { tailFile } from "./log-tail.ts";
import type { NodeSpec } from "./node-spec.ts";
import { nodeFiles } from "./node-spec.ts";
import { displayPath } from "./paths.ts";
import { killLocalBroker, localBrokerStatus, startLocalBroker, stopLocalBroker } from "./single-broker.ts";
import type { StartResult } from "./start-result.ts";
import {
  DEFAULT_KAFKA_VERSION,
  KAFKA_VERSION_ENV,
  KAFKA_VERSIONS,
  kafkaVersion,
  parseKafkaVersion,
  selectKafkaVersion,
} from "./versions.ts";

const HELP = `Usage: npm run kafka -- <command> [options]
       node tools/kafka/src/cli.ts <command> [options]

Runs Apache Kafka (KRaft, jars from Maven Central) on this machine: ${DEFAULT_KAFKA_VERSION} unless
${KAFKA_VERSION_ENV} or --kafka says otherwise (${KAFKA_VERSIONS.join(" or ")}).

Commands:
  start    start the broker (reuses one already reachable) and wait until it serves
  stop     stop it: SIGTERM to the pid in its pid file, SIGKILL after 30 s
  kill     SIGKILL it, as a crash would (with --cluster: one node, --node required)
  status   say whether it runs, with pid, address and Kafka version
  logs     print the end of its server log

Options:
  --cluster 3   act on the 3-node cluster (brokers 127.0.0.1:19201-19203) instead of
                the single broker (127.0.0.1:19092)
  --node N      with --cluster: only node N (1-${CLUSTER_SIZE})
  --kafka V     the Kafka version to start, ${KAFKA_VERSIONS.join(" or ")} (default: $${KAFKA_VERSION_ENV},
                else ${DEFAULT_KAFKA_VERSION}); a running broker of another version is not reused
                but reported (stop it first); stop, kill, status and logs act on any version
  --lines N     with logs: how many lines (default 50)
  -h, --help    this text

Data and logs live under .cache/kafka/ (single/ and cluster/node-N/); starting another
version than the storage was formatted by formats it again (its data is dropped).
`;

interface Target {
  /** false: the single broker. */
  readonly cluster: boolean;
  /** With cluster: one node, or undefined for all of them. */
  readonly node: number | undefined;
}

function parseTarget(values: { cluster?: string | undefined; node?: string | undefined }): Target {
  if (values.cluster !== undefined && values.cluster !== String(CLUSTER_SIZE)) {
    throw new UsageError(`--cluster supports only ${CLUSTER_SIZE} nodes`);
  }
  const cluster = values.cluster !== undefined;
  if (values.node === undefined) return { cluster, node: undefined };
  if (!cluster) throw new UsageError("--node needs --cluster 3");
  const node = Number(values.node);
  if (!Number.isInteger(node) || node < 1 || node > CLUSTER_SIZE) {
    throw new UsageError(`--node must be 1..${CLUSTER_SIZE}`);
  }
  return { cluster, node };
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function reportStart(result: StartResult): void {
  if (result.reused) {
    say(`Kafka ${result.label} already running on ${describeListening(result)}: reusing it`);
  } else {
    const seconds = (result.elapsedMs / 1000).toFixed(1);
    say(
      `Kafka ${result.kafkaVersion ?? kafkaVersion()} ${result.label} listening on ${describeListening(result)}, ready in ${seconds} s`,
    );
  }
}

function reportStop(label: string, result: { outcome: string; pid?: number | undefined }): void {
  switch (result.outcome) {
    case "stopped":
      say(`Kafka ${label} (pid ${result.pid}) stopped`);
      break;
    case "killed":
      say(`Kafka ${label} (pid ${result.pid}) killed`);
      break;
    default:
      say(`Kafka ${label} is not running`);
  }
}

function reportStatus(status: NodeStatus, note = ""): void {
  if (status.pid !== undefined) {
    const version = status.kafkaVersion ? `, Kafka ${status.kafkaVersion}` : "";
    say(`Kafka ${status.label} running on ${status.address} (pid ${status.pid}${version})${note}`);
  } else if (status.reachable) {
    say(
      `Kafka ${status.label}: ${status.address} is reachable, but not by a broker this tool started (no pid file)`,
    );
  } else {
    say(`Kafka ${status.label} stopped (${status.address})`);
  }
}

async function printLogs(spec: NodeSpec, lines: number, header: boolean): Promise<void> {
  const file = nodeFiles(spec).serverLog;
  const tail = await tailFile(file, lines);
  if (header) say(`==> ${displayPath(file)} <==`);
  say(tail || `(no log yet at ${displayPath(file)})`);
}

async function run(command: string, target: Target, lines: number): Promise<number> {
  const nodes = target.node === undefined ? CLUSTER_NODES : [clusterNodeSpec(target.node)];
  switch (command) {
    case "start": {
      if (!target.cluster) reportStart(await startLocalBroker());
      else if (target.node === undefined) for (const result of await startCluster()) reportStart(result);
      else reportStart(await startNode(target.node));
      return 0;
    }
    case "stop": {
      if (target.cluster) {
        const results: NodeStopResult[] =
          target.node === undefined ? await stopCluster() : [await stopNode(target.node)];
        for (const result of results) reportStop(clusterNodeSpec(result.nodeId).label, result);
        return 0;
      }
      const result = await stopLocalBroker();
      if (result.outcome === "foreign") {
        process.stderr.write(
          `Something listens on ${result.address} but this tool did not start it (no pid file): not stopping it\n`,
        );
        return 1;
      }
      reportStop(SINGLE_NODE.label, result);
      return 0;
    }
    case "kill": {
      if (target.cluster && target.node === undefined)
        throw new UsageError("kill --cluster 3 needs --node N");
      if (target.node === undefined) {
        reportStop(SINGLE_NODE.label, await killLocalBroker());
      } else {
        reportStop(clusterNodeSpec(target.node).label, await killNode(target.node));
      }
      return 0;
    }
    case "status": {
      if (!target.cluster) {
        const status = await localBrokerStatus();
        reportStatus(status, status.startedByHarness ? ", started by the test harness" : "");
      } else {
        const statuses = await clusterStatus();
        for (const status of statuses)
          if (target.node === undefined || status.nodeId === target.node) reportStatus(status);
      }
      return 0;
    }
    case "logs": {
      if (!target.cluster) await printLogs(SINGLE_NODE, lines, false);
      else for (const spec of nodes) await printLogs(spec, lines, nodes.length > 1);
      return 0;
    }
    default:
      throw new UsageError(`unknown command: ${command}`);
  }
}

async function main(argv: readonly string[]): Promise<number> {
  let command: string | undefined;
  try {
    const { values, positionals } = parse(argv);
    if (values.help) {
      process.stdout.write(HELP);
      return 0;
    }
    const [first, ...extra] = positionals;
    command = first;
    if (command === undefined) throw new UsageError("no command given");
    if (extra.length > 0) throw new UsageError(`unexpected argument: ${extra.join(" ")}`);
    const lines = Number(values.lines ?? "50");
    if (!Number.isInteger(lines) || lines < 1) throw new UsageError("--lines must be a positive integer");
    selectVersion(values.kafka);
    return await run(command, parseTarget(values), lines);
  } catch (error) {
    if (isUsageError(error)) {
      process.stderr.write(usageErrorText("kafka", error, "npm run kafka -- --help"));
      return USAGE_EXIT_CODE;
    }
    process.stderr.write(`kafka ${command}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

/**
 * --kafka, else $ONCEPORT_KAFKA_VERSION, checked for every command (a typo is told at once),
 * though only start uses it: the others act on whatever runs, of any version.
 */
function selectVersion(flag: string | undefined): void {
  try {
    if (flag !== undefined) selectKafkaVersion(parseKafkaVersion(flag, "--kafka"));
    else kafkaVersion(); // throws on an unsupported ONCEPORT_KAFKA_VERSION
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(error.message);
    throw error;
  }
}

function parse(argv: readonly string[]) {
  return parseCommandLine({
    args: [...argv],
    allowPositionals: true,
    options: {
      cluster: { type: "string" },
      node: { type: "string" },
      lines: { type: "string" },
      kafka: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}

process.exitCode = await main(process.argv.slice(2));
