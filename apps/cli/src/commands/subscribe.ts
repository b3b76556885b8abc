import { once } from "node:events";
import { UsageError } from "@onceport/errors";
import type { ConsumedRecord, SubscribeBatch } from "@onceport/sdk";
import { connectFailure, isCertificateProblem } from "../connection/connect-failure.ts";
import {
  type ConnectionSettings,
  connectionOptions,
  connectionOptionsHelp,
  connectionSettings,
} from "../connection/connection-options.ts";
import { type CliIo, exitCodes } from "../io.ts";
import { integer, parse } from "../options.ts";
import { printError, printLine } from "../output.ts";
import { connectConsumer } from "./gateway-client.ts";
import { positionAfter } from "./position-after.ts";
import { recordJson, recordText } from "./record-lines.ts";

const options = {
  ...connectionOptions,
  from: { type: "string" },
  "from-latest": { type: "boolean" },
  "from-earliest": { type: "boolean" },
  count: { type: "string", short: "n" },
  "timeout-ms": { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

type Name = "subscribe" | "tail";

function help(name: Name): string {
  const start =
    name === "tail"
      ? "tail starts at the latest offsets (what is committed from now on; --from-earliest for all)"
      : "subscribe starts at the earliest offsets (--from-latest for only what is committed from now on)";
  return `Usage: onceport ${name} TOPIC... [options]

Prints the committed records of the topics as they are committed, one a line,
until Ctrl-C, --count or --timeout-ms: read_committed, so nothing of an aborted
or open transaction. ${start}.
On exit it prints, on stderr, the position to resume from, right after the last
record printed: --from it prints what comes next, with no gap and nothing twice
(after a crash, a batch may come again). A dropped connection (a gateway
restart) resumes by itself.

      --from POSITION       resume after a position printed by an earlier run
      --from-latest         partitions the position does not cover start at their latest offset
      --from-earliest       ... at their earliest offset
  -n, --count N             stop after N records
      --timeout-ms N        stop once no record came for N ms
      --json                one JSON object a line: {"topic","partition","offset","key","value",
                            "headers","timestampMs"}; bytes that are not UTF-8 as "valueBase64"...
                            (text: "topic/partition@offset [key] value")
${connectionOptionsHelp}
  -h, --help                this help

It opens no session: it fences no publisher of any client id.

Examples:
  onceport ${name} orders
  onceport subscribe orders payments --json --count 100 > records.jsonl
  onceport subscribe orders --from p1.CgoKBm9yZGVycxgD`;
}

export async function subscribe(name: Name, args: readonly string[], io: CliIo): Promise<number> {
  const { values: flags, positionals: topics } = parse(args, options, true);
  if (flags.help) {
    printLine(io, help(name));
    return exitCodes.ok;
  }
  if (topics.length === 0) throw new UsageError("name the topic(s) to read");
  if (flags["from-latest"] && flags["from-earliest"])
    throw new UsageError("--from-latest and --from-earliest exclude each other");
  const startAtLatest = name === "tail" ? flags["from-earliest"] !== true : flags["from-latest"] === true;
  return await read(io, {
    connection: connectionSettings(flags, io),
    topics,
    from: flags.from,
    startAtLatest,
    count: integer("count", flags.count, 0, 1),
    timeoutMs: integer("timeout-ms", flags["timeout-ms"], 0, 1),
    json: flags.json === true,
  });
}

interface Reading {
  readonly connection: ConnectionSettings;
  readonly topics: string[];
  readonly from: string | undefined;
  readonly startAtLatest: boolean;
  /** 0: no limit. */
  readonly count: number;
  /** 0: no limit. */
  readonly timeoutMs: number;
  readonly json: boolean;
}

async function read(io: CliIo, reading: Reading): Promise<number> {
  const consumer = connectConsumer(reading.connection);
  // A certificate that is not trusted now will not be on the next attempt: no use waiting.
  let untrusted: unknown;
  const subscription = consumer.subscribe({
    topics: reading.topics,
    ...(reading.from === undefined ? {} : { position: reading.from }),
    startAtLatest: reading.startAtLatest,
    onReconnect: ({ error, delayMs }) => {
      if (!answered() && isCertificateProblem(error)) {
        untrusted = error;
        stop();
      }
      // Before the first answer this is connecting, which fails with one line if it must.
      if (!reading.json && answered()) {
        io.stderr.write(
          `onceport: the subscription dropped (${error.reason}); resuming in ${Math.round(delayMs)} ms\n`,
        );
      }
    },
  });
  const stop = (): void => {
    subscription.close().catch(() => {});
  };
  io.interrupt?.().addEventListener("abort", stop, { once: true });
  // A reader that went away (`| head`) ends the reading, quietly.
  io.stdout.on("error", stop);
  let idle: NodeJS.Timeout | undefined;
  const quietFor = (): void => {
    if (reading.timeoutMs === 0) return;
    clearTimeout(idle);
    idle = setTimeout(stop, reading.timeoutMs);
  };
  // Right after the last record printed.
  let position = reading.from;
  let printed = 0;
  // Before any batch, the subscription's own position: where a start at the latest began.
  const resumeAt = (): string | undefined => (handedOut ? position : (subscription.position ?? position));
  let handedOut = false;
  // The gateway answered: from then on a failure is a dropped subscription, not a failed connect.
  const answered = (): boolean => handedOut || subscription.position !== reading.from;
  try {
    quietFor();
    for await (const batch of subscription) {
      handedOut = true;
      quietFor();
      const room = reading.count === 0 ? undefined : reading.count - printed;
      const shown = await print(io, batch, room, reading.json);
      printed += shown.length;
      position = endOf(batch, shown) ?? position;
      if (reading.count > 0 && printed >= reading.count) break;
    }
    if (untrusted !== undefined) throw untrusted;
    report(io, printed, resumeAt(), reading.json);
    return exitCodes.ok;
  } catch (error) {
    if (!answered()) {
      // It never started: one line saying why, and no position (it would be the one given).
      printError(io, connectFailure(error, reading.connection), reading.json);
      return exitCodes.failure;
    }
    printError(io, error, reading.json);
    report(io, printed, resumeAt(), reading.json);
    return exitCodes.failure;
  } finally {
    clearTimeout(idle);
    io.stdout.off("error", stop);
    await consumer.close();
  }
}

/**
 * Where to resume after the records of the batch that were printed: the batch's position
 * when all were, the position right after the last one when --count cut the batch.
 * Undefined when that cannot be told: the position before the batch stands.
 */
function endOf(batch: SubscribeBatch, shown: readonly ConsumedRecord[]): string | undefined {
  const last = shown.at(-1);
  if (last === undefined) return undefined;
  return shown.length === batch.records.length ? batch.position : positionAfter(batch.position, last);
}

/** Prints up to `room` records of the batch; those it printed. Waits while stdout is full. */
async function print(
  io: CliIo,
  batch: SubscribeBatch,
  room: number | undefined,
  json: boolean,
): Promise<readonly ConsumedRecord[]> {
  const records = room === undefined ? batch.records : batch.records.slice(0, room);
  if (records.length === 0) return records;
  const lines = records.map((record) => (json ? JSON.stringify(recordJson(record)) : recordText(record)));
  if (!io.stdout.write(`${lines.join("\n")}\n`)) {
    await once(io.stdout, "drain").catch(() => {});
  }
  return records;
}

/** On stderr, so that stdout stays the records: how many, and where to resume. */
function report(io: CliIo, printed: number, position: string | undefined, json: boolean): void {
  if (json) {
    io.stderr.write(`${JSON.stringify({ records: printed, position: position ?? null })}\n`);
  } else if (position === undefined) {
    io.stderr.write(`onceport: ${printed} records; no position yet\n`);
  } else {
    io.stderr.write(`onceport: ${printed} records; resume with --from ${position}\n`);
  }
}
