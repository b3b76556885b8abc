// `onceport audit` / `onceport-audit` arguments.
import { parseCommandLine, UsageError } from "@onceport/errors";
import { type AdapterName, adapterNames, defaultAdapters, isAdapterName } from "@onceport/kafka";
import type { FallbackIdentity } from "../checks/identity.ts";
import type { Bound } from "../kafka/plan-ranges.ts";

export const usage = `Usage: onceport-audit --topic T [--topic T2 ...] [options]

Reads the topics back (read_committed, and read_uncommitted with a ledger) and checks for
duplicates, lost acknowledged writes, failed writes made visible, per-client order, unknown
outcomes seen twice, consume-transform-produce output sets and offsets, hanging transactions.

  --brokers HOST:PORT[,...]   Kafka (default $ONCEPORT_BROKERS or 127.0.0.1:19092)
  --topic T                   a topic to audit (repeatable, or comma-separated)
  --kafka-client NAME         the Kafka client library: ${adapterNames.join(", ")}
                              (default $ONCEPORT_KAFKA_CLIENT, else ${defaultAdapters.reader})
  --ledger FILE               JSON-lines ledger of what writers were told (README: "The ledger")
  --from-offset N | --since TIME      start of the audited range (TIME: ISO date or epoch ms)
  --to-offset N   | --until TIME      end of the audited range (exclusive; capped at the LSO)
  --json                      print the report as JSON instead of text
  --examples N                examples kept per check (default 5)
  --id-window N               ids (not in the ledger) held per topic for duplicates (default 2000000)
  --identity key|value|key-value   identity of records without onceport-message-id (default: none)
  --no-uncommitted            skip the read_uncommitted pass
  --no-process-offsets        skip the consume-transform-produce committed-offsets check
  --lso-grace-ms N            how long an open transaction may hold the LSO (default 15000)
  --max-unknown-share X       with --ledger: fail a topic where more than this share (0..1) of
                              the writes ended unknown (default: no bound)
  --kafka-libs DIR            Kafka's jars, for find-hanging (default $ONCEPORT_KAFKA_LIBS, else the
                              repo's .cache/kafka jars when present); --no-find-hanging to skip
  --continuous                keep auditing new data as it commits; serve metrics
  --metrics-port N            continuous: Prometheus metrics port (default 9466, 0 = any)
  --metrics-host H            continuous: metrics address (default 127.0.0.1)
  --interval-ms N             continuous: time between rounds (default 5000)
  --quiet                     no progress on stderr
  -h, --help

Exit codes: 0 PASS, 1 anomalies found (FAIL), 2 could not audit.`;

export interface AuditArgs {
  readonly help: boolean;
  readonly brokers: string[];
  readonly topics: string[];
  readonly kafkaClient: AdapterName;
  readonly ledger?: string;
  readonly from?: Bound;
  readonly to?: Bound;
  readonly json: boolean;
  readonly examples: number;
  readonly idWindow: number;
  readonly identity: FallbackIdentity;
  readonly uncommitted: boolean;
  readonly processOffsets: boolean;
  readonly lsoGraceMs: number;
  readonly maxUnknownShare?: number;
  readonly kafkaLibs?: string;
  readonly findHanging: boolean;
  readonly continuous: boolean;
  readonly metricsPort: number;
  readonly metricsHost: string;
  readonly intervalMs: number;
  readonly quiet: boolean;
}

export function parseAuditArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): AuditArgs {
  const parsed = parse(argv);
  const v = parsed.values;
  const list = (values: string[] | undefined) =>
    (values ?? [])
      .flatMap((value) => value.split(","))
      .map((value) => value.trim())
      .filter((value) => value !== "");
  const topics = list(v.topic);
  if (!v.help && topics.length === 0) throw new UsageError("give at least one --topic");
  if (v["from-offset"] !== undefined && v.since !== undefined)
    throw new UsageError("--from-offset or --since, not both");
  if (v["to-offset"] !== undefined && v.until !== undefined)
    throw new UsageError("--to-offset or --until, not both");
  const identity = v.identity ?? "none";
  if (!["none", "key", "value", "key-value"].includes(identity)) {
    throw new UsageError("--identity must be key, value or key-value");
  }
  const from = bound(v["from-offset"], v.since, "from");
  const to = bound(v["to-offset"], v.until, "to");
  const maxUnknownShare = share(v["max-unknown-share"], "--max-unknown-share");
  const kafkaLibs = v["kafka-libs"] ?? env.ONCEPORT_KAFKA_LIBS;
  const kafkaClient = v["kafka-client"] ?? (env.ONCEPORT_KAFKA_CLIENT || defaultAdapters.reader);
  if (!isAdapterName(kafkaClient)) {
    throw new UsageError(
      `--kafka-client (ONCEPORT_KAFKA_CLIENT) must be one of ${adapterNames.join(", ")}, got "${kafkaClient}"`,
    );
  }
  return {
    help: v.help ?? false,
    brokers: list([v.brokers ?? env.ONCEPORT_BROKERS ?? "127.0.0.1:19092"]),
    topics,
    kafkaClient,
    ...(v.ledger === undefined ? {} : { ledger: v.ledger }),
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
    json: v.json ?? false,
    examples: count(v.examples, "--examples", 5),
    idWindow: count(v["id-window"], "--id-window", 2_000_000, 1),
    identity: identity as FallbackIdentity,
    uncommitted: !(v["no-uncommitted"] ?? false),
    processOffsets: !(v["no-process-offsets"] ?? false),
    lsoGraceMs: count(v["lso-grace-ms"], "--lso-grace-ms", 15_000),
    ...(maxUnknownShare === undefined ? {} : { maxUnknownShare }),
    ...(kafkaLibs === undefined ? {} : { kafkaLibs }),
    findHanging: !(v["no-find-hanging"] ?? false),
    continuous: v.continuous ?? false,
    metricsPort: count(v["metrics-port"], "--metrics-port", 9466),
    metricsHost: v["metrics-host"] ?? "127.0.0.1",
    intervalMs: count(v["interval-ms"], "--interval-ms", 5000, 1),
    quiet: v.quiet ?? false,
  };
}

function parse(argv: readonly string[]) {
  return parseCommandLine({
    args: [...argv],
    allowPositionals: false,
    strict: true,
    options: {
      help: { type: "boolean", short: "h" },
      brokers: { type: "string" },
      topic: { type: "string", multiple: true },
      "kafka-client": { type: "string" },
      ledger: { type: "string" },
      "from-offset": { type: "string" },
      since: { type: "string" },
      "to-offset": { type: "string" },
      until: { type: "string" },
      json: { type: "boolean" },
      examples: { type: "string" },
      "id-window": { type: "string" },
      identity: { type: "string" },
      "no-uncommitted": { type: "boolean" },
      "no-process-offsets": { type: "boolean" },
      "lso-grace-ms": { type: "string" },
      "max-unknown-share": { type: "string" },
      "kafka-libs": { type: "string" },
      "no-find-hanging": { type: "boolean" },
      continuous: { type: "boolean" },
      "metrics-port": { type: "string" },
      "metrics-host": { type: "string" },
      "interval-ms": { type: "string" },
      quiet: { type: "boolean" },
    },
  });
}

function count(text: string | undefined, name: string, fallback: number, min = 0): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min)
    throw new UsageError(`${name} needs a whole number >= ${min}`);
  return value;
}

function share(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === "" || !(value >= 0 && value <= 1))
    throw new UsageError(`${name} needs a number from 0 to 1`);
  return value;
}

function bound(offset: string | undefined, time: string | undefined, which: string): Bound | undefined {
  if (offset !== undefined) return { offset: count(offset, `--${which}-offset`, 0) };
  if (time === undefined) return undefined;
  const timestamp = /^[0-9]+$/.test(time) ? Number(time) : Date.parse(time);
  if (!Number.isFinite(timestamp)) throw new UsageError(`cannot read the time "${time}"`);
  return { timestamp };
}
