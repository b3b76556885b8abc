// The audit at scale: writes N records (default 1,000,000) with their ledger, audits them with
// the onceport-audit command in a process of its own (so its peak memory is the audit's alone),
// and measures the bytes per id of the audit's state.
//   npm run bench -w @onceport/audit [-- --records 1000000 --partitions 4 --clients 16 --no-ledger]
// Uses (or starts) the local broker like the tests do, and deletes its topic afterwards.
import { spawn } from "node:child_process";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ensureLocalBroker } from "@onceport/kafka-dev";
import { createTopics, deleteTopics, devKafkaClient, uniqueTopicName } from "@onceport/kafka-dev/testing";
import { readLedger } from "../src/ledger/read-ledger.ts";
import type { AuditReport } from "../src/report/audit-report.ts";
import { IdWindow } from "../src/state/id-window.ts";
import { bulkLoad, loadMessageId } from "./bulk-load.ts";

const { values } = parseArgs({
  options: {
    records: { type: "string", default: "1000000" },
    partitions: { type: "string", default: "4" },
    clients: { type: "string", default: "16" },
    "no-ledger": { type: "boolean", default: false },
  },
});
const records = Number(values.records);
const partitions = Number(values.partitions);
const clients = Number(values.clients);
const withLedger = !values["no-ledger"];

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
// Heap plus ArrayBuffers: the ledger index and the windows keep numbers in typed arrays, whose
// memory V8 counts outside heapUsed.
const heldBytes = () => {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
};

const lease = await ensureLocalBroker();
// The writer uses the producer role's adapter (ONCEPORT_KAFKA_CLIENT overrides it, for the audit too).
const client = await devKafkaClient(lease.brokers, "onceport-audit-bench", "producer");
const topic = uniqueTopicName("audit-bench");
const dir = await mkdtemp(join(tmpdir(), "onceport-audit-bench-"));
const ledgerPath = join(dir, "ledger.jsonl");
try {
  await createTopics(lease.brokers, [{ topic, numPartitions: partitions }]);
  let started = Date.now();
  await bulkLoad({ client, topic, partitions, records, clients, ...(withLedger ? { ledgerPath } : {}) });
  const writeSeconds = (Date.now() - started) / 1000;
  console.log(
    `write: ${records} records in ${writeSeconds.toFixed(1)} s (${Math.round(records / writeSeconds)} records/s)`,
  );
  if (withLedger) console.log(`ledger file: ${mib((await stat(ledgerPath)).size)}`);

  started = Date.now();
  const report = await auditInChild([
    "--brokers",
    lease.brokers.join(","),
    "--topic",
    topic,
    ...(withLedger ? ["--ledger", ledgerPath] : []),
    "--json",
    "--no-find-hanging",
    "--lso-grace-ms",
    "0",
  ]);
  const auditSeconds = (Date.now() - started) / 1000;
  const m = report.memory;
  console.log(
    `audit: verdict ${report.verdict}; ${report.records.committed} records read_committed` +
      `${report.records.uncommitted === null ? "" : ` + ${report.records.uncommitted} read_uncommitted`} in ${auditSeconds.toFixed(1)} s ` +
      `(${Math.round(report.records.committed / auditSeconds)} records/s end to end, process start included; ` +
      `${report.records.perSecond} records/s in the read_committed pass)`,
  );
  console.log(
    `audit memory: peak RSS ${mib(m.peakRssBytes)}; heap used at the end ${mib(m.heapUsedBytes)}; ` +
      `state estimate ${mib(m.estimatedStateBytes)} (${m.ledgerEntries} ledger entries, ${m.idsInWindows} window ids, ` +
      `${m.deliveredBitmapBytes} bitmap bytes)`,
  );

  // Bytes per id, measured on the heap with a forced GC around each structure (--expose-gc).
  if (withLedger) {
    gc();
    const before = heldBytes();
    const ledger = await readLedger(ledgerPath, { topics: [topic] });
    gc();
    console.log(
      `ledger index: ${ledger.size} entries, ${Math.round((heldBytes() - before) / ledger.size)} bytes per entry`,
    );
  }
  gc();
  const before = heldBytes();
  const window = new IdWindow(records);
  for (let i = 0; i < records; i += 1)
    window.see(loadMessageId(i % clients, i % partitions, i), i % partitions, i);
  gc();
  console.log(
    `id window: ${window.held} ids, ${Math.round((heldBytes() - before) / window.held)} bytes per id`,
  );
  process.exitCode = report.verdict === "PASS" ? 0 : 1;
} finally {
  await deleteTopics(lease.brokers, [topic]).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
  await lease.release();
}

async function auditInChild(args: string[]): Promise<AuditReport> {
  const bin = join(import.meta.dirname, "..", "bin", "onceport-audit.mjs");
  const child = spawn(process.execPath, [bin, ...args], { stdio: ["ignore", "pipe", "inherit"] });
  const chunks: Buffer[] = [];
  child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
  const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
  const text = Buffer.concat(chunks).toString("utf8");
  if (code !== 0 && code !== 1) throw new Error(`onceport-audit exited ${code}: ${text}`);
  return JSON.parse(text) as AuditReport;
}
