// Kafka's own `kafka-transactions` (org.apache.kafka.tools.TransactionsCommand, in kafka-tools),
// run with java: Onceport's Kafka seam (@onceport/kafka) has no DescribeProducers, ListTransactions or
// DescribeTransactions.
// `find-hanging` reports transactions open on a partition for longer than the longest allowed
// transaction timeout that the coordinator no longer knows (truly stuck: only an abort ends them);
// `describe-producers` names the producer that holds a partition's LSO back.
import { spawn } from "node:child_process";
import { join } from "node:path";

export interface TransactionsTool {
  /** Folder with Kafka's jars (kafka-tools and its dependencies). */
  readonly libsDir: string;
  /** Defaults to $JAVA_HOME/bin/java, else `java` on PATH. */
  readonly java?: string;
}

export interface HangingTransaction {
  readonly topic: string;
  readonly partition: number;
  readonly producerId: string;
  readonly producerEpoch: number;
  readonly startOffset: number;
  readonly lastTimestamp: number;
  readonly durationMinutes: number;
}

export interface ProducerState {
  readonly producerId: string;
  readonly producerEpoch: number;
  readonly lastTimestamp: number;
  /** -1 when the producer has no open transaction on the partition. */
  readonly currentTransactionStartOffset: number;
}

export async function findHanging(
  tool: TransactionsTool,
  brokers: readonly string[],
  topic: string,
  maxTransactionTimeoutMinutes: number,
): Promise<HangingTransaction[]> {
  const output = await runTransactionsCommand(tool, brokers, [
    "find-hanging",
    "--topic",
    topic,
    "--max-transaction-timeout",
    String(maxTransactionTimeoutMinutes),
  ]);
  return parseTable(output).map((row) => ({
    topic: row.Topic ?? topic,
    partition: Number(row.Partition),
    producerId: row.ProducerId ?? "",
    producerEpoch: Number(row.ProducerEpoch),
    startOffset: Number(row.StartOffset),
    lastTimestamp: Number(row.LastTimestamp),
    durationMinutes: Number(row["Duration(min)"]),
  }));
}

export async function describeProducers(
  tool: TransactionsTool,
  brokers: readonly string[],
  topic: string,
  partition: number,
): Promise<ProducerState[]> {
  const output = await runTransactionsCommand(tool, brokers, [
    "describe-producers",
    "--topic",
    topic,
    "--partition",
    String(partition),
  ]);
  return parseTable(output).map((row) => ({
    producerId: row.ProducerId ?? "",
    producerEpoch: Number(row.ProducerEpoch),
    lastTimestamp: Number(row.LastTimestamp),
    currentTransactionStartOffset:
      row.CurrentTransactionStartOffset === undefined || row.CurrentTransactionStartOffset === "None"
        ? -1
        : Number(row.CurrentTransactionStartOffset),
  }));
}

/** The tool prints a tab-separated table: a header line, then one line per row (cells padded). */
export function parseTable(output: string): Record<string, string>[] {
  const lines = output.split("\n").filter((line) => line.includes("\t"));
  const [header, ...rows] = lines;
  if (header === undefined) return [];
  const names = header.split("\t").map((name) => name.trim());
  return rows.map((line) => {
    const cells = line.split("\t").map((cell) => cell.trim());
    const row: Record<string, string> = {};
    names.forEach((name, index) => {
      if (name !== "") row[name] = cells[index] ?? "";
    });
    return row;
  });
}

async function runTransactionsCommand(
  tool: TransactionsTool,
  brokers: readonly string[],
  args: readonly string[],
): Promise<string> {
  const java = tool.java ?? (process.env.JAVA_HOME ? join(process.env.JAVA_HOME, "bin", "java") : "java");
  const fullArgs = [
    // Its own log4j setup would print "no appenders" warnings; it logs nothing we need.
    "-Dlog4j.configuration=file:/dev/null",
    "-Xmx256m",
    "-cp",
    join(tool.libsDir, "*"),
    "org.apache.kafka.tools.TransactionsCommand",
    "--bootstrap-server",
    brokers.join(","),
    ...args,
  ];
  return await new Promise((resolve, reject) => {
    const child = spawn(java, fullArgs, { stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.once("error", (error) => reject(new Error(`could not run ${java}: ${error.message}`)));
    child.once("close", (code) => {
      const stdout = Buffer.concat(out).toString("utf8");
      if (code === 0) resolve(stdout);
      else {
        const stderr = Buffer.concat(err).toString("utf8").trim().split("\n").slice(-3).join(" ");
        reject(new Error(`kafka-transactions ${args[0]} exited ${code}: ${stderr || stdout.trim()}`));
      }
    });
  });
}
