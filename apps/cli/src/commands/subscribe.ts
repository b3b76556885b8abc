import { once } from "node:events";
import { consumerClient, type SubscribeBatch } from "@onceport/sdk";
import type { Command } from "../command.ts";
import { type CliIo, exitCodes } from "../io.ts";
import { gatewayAddress, integer, parse } from "../options.ts";
import { printError, printLine } from "../output.ts";
import { UsageError } from "../usage-error.ts";
import { recordJson, recordText } from "./record-lines.ts";

const options = {
  address: { type: "string" },
  from: { type: "string" },
  "from-latest": { type: "boolean" },
  "from-earliest": { type: "boolean" },
  count: { type: "string", short: "n" },
  "timeout-ms": { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

function help(name: "subscribe" | "tail"): string {
  const start =
    name === "tail"
      ? "tail starts at the latest offsets (what is committed from now on; --from-earliest for all)"
      : "subscribe starts at the earliest offsets (--from-latest for only what is committed from now on)";
  return `Usage: onceport ${name} TOPIC... [options]

Prints the committed records of the topics as they are committed, one a line,
until Ctrl-C, --count or --timeout-ms: read_committed, so nothing of an aborted
or open transaction. ${start}.
On exit it prints, on stderr, the position to resume from: --from it prints
what was committed since, with no gap (at least once: after a crash, a batch
may come again). A dropped connection (a gateway restart) resumes by itself.

      --from POSITION       resume after a position printed by an earlier run
      --from-latest         partitions the position does not cover start at their latest offset
      --from-earliest       ... at their earliest offset
  -n, --count N             stop after N records
      --timeout-ms N        stop once no record came for N ms
      --json                one JSON object a line: {"topic","partition","offset","key","value",
                            "headers","timestampMs"}; bytes that are not UTF-8 as "valueBase64"...
                            (text: "topic/partition@offset [key] value")
      --address HOST:PORT   the gateway (env ONCEPORT_ADDRESS, default 127.0.0.1:50051)
  -h, --help                this help

It opens no session: it fences no publisher of any client id.

Examples:
  onceport ${name} orders
  onceport subscribe orders payments --json --count 100 > records.jsonl
  onceport subscribe orders --from p1.CgoKBm9yZGVycxgD`;
}

function subscribeCommandNamed(name: "subscribe" | "tail"): Command {
  return {
    name,
    summary:
      name === "subscribe"
        ? "print committed records of topics, from the start or a position (read_committed)"
        : "print committed records of topics from now on (subscribe --from-latest)",
    help: help(name),
    async run(args, io) {
      const { values: flags, positionals: topics } = parse(args, options, true);
      if (flags.help) {
        printLine(io, help(name));
        return exitCodes.ok;
      }
      if (topics.length === 0) throw new UsageError("name the topic(s) to read");
      if (flags["from-latest"] && flags["from-earliest"])
        throw new UsageError("--from-latest and --from-earliest exclude each other");
      const startAtLatest = name === "tail" ? flags["from-earliest"] !== true : flags["from-latest"] === true;
      const count = integer("count", flags.count, 0, 1);
      const timeoutMs = integer("timeout-ms", flags["timeout-ms"], 0, 1);
      return await read(io, {
        address: gatewayAddress(flags.address, io),
        topics,
        from: flags.from,
        startAtLatest,
        count,
        timeoutMs,
        json: flags.json === true,
      });
    },
  };
}

export const subscribeCommand = subscribeCommandNamed("subscribe");
export const tailCommand = subscribeCommandNamed("tail");

interface Reading {
  readonly address: string;
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
  const consumer = consumerClient({ address: reading.address, retry: { maxElapsedMs: 15_000 } });
  const subscription = consumer.subscribe({
    topics: reading.topics,
    ...(reading.from === undefined ? {} : { position: reading.from }),
    startAtLatest: reading.startAtLatest,
    onReconnect: ({ error, delayMs }) => {
      if (!reading.json) {
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
  // The position after the last batch printed whole: a resume reprints a batch cut by --count.
  let position = reading.from;
  let printed = 0;
  // Before any batch, the subscription's own position: where a start at the latest began.
  const resumeAt = (): string | undefined => (handedOut ? position : (subscription.position ?? position));
  let handedOut = false;
  try {
    quietFor();
    for await (const batch of subscription) {
      handedOut = true;
      quietFor();
      const shown = await print(
        io,
        batch,
        reading.count === 0 ? undefined : reading.count - printed,
        reading.json,
      );
      printed += shown;
      if (shown === batch.records.length) position = batch.position;
      if (reading.count > 0 && printed >= reading.count) break;
    }
    report(io, printed, resumeAt(), reading.json);
    return exitCodes.ok;
  } catch (error) {
    printError(io, error, reading.json);
    report(io, printed, resumeAt(), reading.json);
    return exitCodes.failure;
  } finally {
    clearTimeout(idle);
    io.stdout.off("error", stop);
    await consumer.close();
  }
}

/** Prints up to `room` records of the batch; how many it printed. Waits while stdout is full. */
async function print(
  io: CliIo,
  batch: SubscribeBatch,
  room: number | undefined,
  json: boolean,
): Promise<number> {
  const records = room === undefined ? batch.records : batch.records.slice(0, room);
  if (records.length === 0) return 0;
  const lines = records.map((record) => (json ? JSON.stringify(recordJson(record)) : recordText(record)));
  if (!io.stdout.write(`${lines.join("\n")}\n`)) {
    await once(io.stdout, "drain").catch(() => {});
  }
  return records.length;
}

/** On stderr, so that stdout stays the records: how many, and where to resume. */
function report(io: CliIo, printed: number, position: string | undefined, json: boolean): void {
  if (json) {
    io.stderr.write(`${JSON.stringify({ records: printed, position: position ?? null })}\n`);
  } else if (position === undefined) {
    io.stderr.write(`onceport: ${printed} records; no position yet (no batch was read)\n`);
  } else {
    io.stderr.write(`onceport: ${printed} records; resume with --from ${position}\n`);
  }
}
