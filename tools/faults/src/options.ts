// `npm run faults [-- options]`: what to run, how big, where the report goes.
import { join, resolve } from "node:path";
import { parseCommandLine, UsageError } from "@onceport/errors";
import type { KafkaKind, ScenarioSettings } from "./scenarios/scenario.ts";

export const REPO_ROOT = resolve(import.meta.dirname, "..", "..", "..");

export interface RunOptions {
  readonly mode: "quick" | "full";
  readonly scenarios: readonly string[] | undefined;
  /** Where the scenarios that need no cluster run. */
  readonly kafka: KafkaKind;
  readonly settings: ScenarioSettings;
  readonly out: string;
  readonly json: string | undefined;
  readonly workDir: string;
  /** Runs of each selected scenario (to hunt rare failures). */
  readonly repeat: number;
}

export const usage = `Usage: npm run faults [-- options]

  --quick                 the reduced matrix (a few minutes; npm test runs it)
  --scenarios a,b         only these (gateway-kill, gateway-term, zombie-gateway, broker-bounce,
                          network, client-kill, process-workers)
  --records N             records per scenario (full: 100000, quick: 3000)
  --kafka local|cluster   where scenarios that kill no broker run (full: cluster, quick: local)
  --out FILE              the report (full: docs/fault-report.md, quick: .cache/faults/fault-report.md)
  --json FILE             the results as JSON too
  --work-dir DIR          ledgers, gateway logs, audit reports (default .cache/faults/<time>)
  --find-hanging          also run Kafka's find-hanging in each audit (default in the full run)
  --keep-topics           leave the scenarios' topics on the brokers (a failed scenario's always stay)
  --repeat N              run each selected scenario N times (to hunt rare failures)
  --break-receipts        TEST ONLY: gateways from the test entry point with --test-disable-receipts, which voids idempotency;
                          the suite must then FAIL
`;

/** The options, or "help" for --help. */
export function parseOptions(argv: readonly string[]): RunOptions | "help" {
  const { values } = parseCommandLine({
    args: [...argv],
    options: {
      quick: { type: "boolean" },
      scenarios: { type: "string" },
      records: { type: "string" },
      kafka: { type: "string" },
      out: { type: "string" },
      json: { type: "string" },
      "work-dir": { type: "string" },
      "find-hanging": { type: "boolean" },
      "keep-topics": { type: "boolean" },
      "break-receipts": { type: "boolean" },
      repeat: { type: "string" },
      help: { type: "boolean" },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return "help";
  const quick = values.quick === true;
  const records = values.records === undefined ? (quick ? 3_000 : 100_000) : Number(values.records);
  if (!Number.isSafeInteger(records) || records < 100)
    throw new UsageError("--records must be an integer >= 100");
  const kafka = (values.kafka ?? (quick ? "local" : "cluster")) as KafkaKind;
  if (kafka !== "local" && kafka !== "cluster") throw new UsageError("--kafka is local or cluster");
  const repeat = Number(values.repeat ?? "1");
  if (!Number.isSafeInteger(repeat) || repeat < 1) throw new UsageError("--repeat must be an integer >= 1");
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  return {
    mode: quick ? "quick" : "full",
    scenarios: values.scenarios
      ?.split(",")
      .map((name) => name.trim())
      .filter((name) => name !== ""),
    kafka,
    settings: {
      quick,
      records,
      clients: 6,
      partitions: quick ? 3 : 6,
      // Paced: 100,000 records in about two and a half minutes; the quick run in 20 s.
      loadMs: quick ? 20_000 : 150_000,
      livenessBoundMs: quick ? 45_000 : 60_000,
      rounds: quick ? 1 : 3,
      breakReceipts: values["break-receipts"] === true,
      findHanging: values["find-hanging"] ?? !quick,
      keepTopics: values["keep-topics"] === true,
    },
    out: resolve(
      values.out ?? join(REPO_ROOT, quick ? ".cache/faults/fault-report.md" : "docs/fault-report.md"),
    ),
    json: values.json === undefined ? undefined : resolve(values.json),
    workDir: resolve(values["work-dir"] ?? join(REPO_ROOT, ".cache", "faults", stamp)),
    repeat,
  };
}
