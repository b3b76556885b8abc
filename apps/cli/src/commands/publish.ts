import { randomUUID } from "node:crypto";
import { UsageError } from "@onceport/errors";
import { isOnceportError, type OnceportClient, type PublishRecord } from "@onceport/sdk";
import { connectionSettings } from "../connection/connection-options.ts";
import { InputError } from "../input/input-error.ts";
import { type InputFormat, recordSource } from "../input/record-source.ts";
import { type CliIo, exitCodes } from "../io.ts";
import { clientId, gatewayOptions, gatewayOptionsHelp, integer, parse } from "../options.ts";
import { printError, printJson, printLine } from "../output.ts";
import { Progress } from "../progress.ts";
import { connectClient } from "./gateway-client.ts";

const help = `Usage: onceport publish [options] [VALUE...]

Publishes records, one per VALUE, or one per line of --file or of stdin, in ONE
atomic publish: all of them are written, exactly once, or none. Prints where
each record landed.

  -t, --topic TOPIC           the topic (it must exist: see \`onceport topics create\`)
  -k, --key KEY               the key of every record
  -p, --partition N           the partition of every record (default: by key, or spread)
  -H, --header NAME=VALUE     a header on every record (repeatable)
  -f, --file PATH             read records from a file ("-" for stdin)
      --format text|jsonl     text: a line is a value (default); jsonl: a line is
                              {"value":..., "key":..., "topic":..., "partition":..., "headers":{...}}
      --idempotency-key KEY   run it again with the same key (and client id): written at most
                              once. Default: a new UUID, printed
      --stream                for large inputs: publish through the streaming publisher, in
                              publishes of --batch-size records (keys KEY/0, KEY/1...), each atomic;
                              the same --idempotency-key again skips what was written
      --batch-size N          records per publish with --stream (default 500)
      --progress              show progress on stderr (default: with --stream, on a terminal)
${gatewayOptionsHelp}

Examples:
  onceport publish --topic orders '{"id":1}' '{"id":2}'
  seq 1 100000 | onceport publish --topic numbers --stream
  onceport publish --format jsonl --file orders.jsonl --idempotency-key orders-2024-06-01 --json`;

/** Refusals of a publish too big to be one transaction. */
const tooLarge = new Set(["TOO_MANY_RECORDS", "REQUEST_TOO_LARGE"]);

const options = {
  ...gatewayOptions,
  topic: { type: "string", short: "t" },
  key: { type: "string", short: "k" },
  partition: { type: "string", short: "p" },
  header: { type: "string", short: "H", multiple: true },
  file: { type: "string", short: "f" },
  format: { type: "string" },
  "idempotency-key": { type: "string" },
  stream: { type: "boolean" },
  "batch-size": { type: "string" },
  progress: { type: "boolean" },
} as const;

export async function publish(args: readonly string[], io: CliIo): Promise<number> {
  const { values: flags, positionals } = parse(args, options, true);
  if (flags.help) {
    printLine(io, help);
    return exitCodes.ok;
  }
  const format = (flags.format ?? "text") as InputFormat;
  if (format !== "text" && format !== "jsonl")
    throw new UsageError(`--format must be text or jsonl, got "${format}"`);
  const partition = flags.partition === undefined ? undefined : integer("partition", flags.partition, 0, 0);
  const headers = Object.fromEntries(
    (flags.header ?? []).map((header) => {
      const equals = header.indexOf("=");
      if (equals <= 0) throw new UsageError(`--header takes NAME=VALUE, got "${header}"`);
      return [header.slice(0, equals), header.slice(equals + 1)];
    }),
  );
  const batchSize = integer("batch-size", flags["batch-size"], 500, 1);
  if (format === "text" && flags.topic === undefined) throw new UsageError("--topic is required");
  const records = recordSource(
    positionals,
    flags.file,
    format,
    { topic: flags.topic, key: flags.key, partition, headers },
    io,
  );
  const json = flags.json === true;
  const connection = connectionSettings(flags, io);
  const idempotencyKey = flags["idempotency-key"] ?? randomUUID();

  // Read (and check) an atomic publish's records before connecting: bad input fails fast.
  const all: PublishRecord[] = [];
  if (!flags.stream) {
    for await (const record of records) all.push(record);
    if (all.length === 0) throw new UsageError("no records to publish");
  }

  let client: OnceportClient;
  try {
    client = await connectClient(connection, clientId(flags["client-id"], io), json, io);
  } catch (error) {
    printError(io, error, json);
    return exitCodes.failure;
  }
  try {
    if (flags.stream) {
      const progress = new Progress(io, flags.progress === true || io.interactive);
      const summary = await streamRecords(client, records, batchSize, idempotencyKey, progress);
      if (json) printJson(io, summary);
      else {
        printLine(
          io,
          `published ${summary.records} records in ${summary.publishes} publishes (${summary.duplicates} already written before) in ${summary.seconds} s, ${summary.recordsPerSecond} records/s; idempotency key ${idempotencyKey}`,
        );
      }
    } else {
      const result = await client.publish(all, { idempotencyKey });
      if (json) printJson(io, result);
      else {
        const how = result.duplicate
          ? "were already written by an earlier run: nothing written now"
          : "written";
        printLine(
          io,
          `${result.results.length} record${result.results.length === 1 ? "" : "s"} ${how} (idempotency key ${result.idempotencyKey})`,
        );
        for (const landed of result.results) {
          printLine(io, `  ${landed.topic}/${landed.partition}@${landed.offset}  ${landed.messageId}`);
        }
      }
    }
    return exitCodes.ok;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    printError(io, error, json, { idempotencyKey });
    if (!json && isOnceportError(error) && tooLarge.has(error.reason)) {
      io.stderr.write("onceport: too much for one atomic publish: --stream publishes it in batches\n");
    }
    return exitCodes.failure;
  } finally {
    await client.close();
  }
}

interface StreamSummary {
  readonly idempotencyKey: string;
  readonly records: number;
  readonly publishes: number;
  readonly duplicates: number;
  readonly seconds: number;
  readonly recordsPerSecond: number;
}

/** Publishes batches through the publisher, waiting when its window is full; fails on the first failed publish. */
async function streamRecords(
  client: OnceportClient,
  records: AsyncIterable<PublishRecord>,
  batchSize: number,
  baseKey: string,
  progress: Progress,
): Promise<StreamSummary> {
  const publisher = client.publisher();
  const started = Date.now();
  let publishes = 0;
  let submitted = 0;
  let acknowledged = 0;
  let duplicates = 0;
  let failure: unknown;
  const submit = async (batch: PublishRecord[]): Promise<void> => {
    const { acknowledged: ack } = await publisher.submit(batch, {
      idempotencyKey: `${baseKey}/${publishes++}`,
    });
    submitted += batch.length;
    ack.then(
      (result) => {
        acknowledged += result.results.length;
        if (result.duplicate) duplicates++;
        progress.update(acknowledged, submitted);
      },
      (error: unknown) => {
        failure ??= error;
      },
    );
  };
  try {
    let batch: PublishRecord[] = [];
    for await (const record of records) {
      batch.push(record);
      if (batch.length >= batchSize) {
        await submit(batch);
        batch = [];
      }
      if (failure) throw failure;
    }
    if (batch.length > 0) await submit(batch);
    await publisher.flush();
  } finally {
    await publisher.close().catch(() => {});
  }
  if (publishes === 0) throw new InputError("no records to publish");
  progress.done(acknowledged);
  const seconds = Math.max((Date.now() - started) / 1000, 0.001);
  return {
    idempotencyKey: baseKey,
    records: acknowledged,
    publishes,
    duplicates,
    seconds: Number(seconds.toFixed(2)),
    recordsPerSecond: Math.round(acknowledged / seconds),
  };
}
