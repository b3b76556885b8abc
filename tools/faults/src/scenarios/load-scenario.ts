// The shape shared by the scenarios with a publishing load: topics, gateways behind the
// balancer, clients of every kind spread over them, the scenario's fault script while the
// load runs, then the audit of everything written, against the ledger.
import { randomBytes } from "node:crypto";
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { uniqueTopicName } from "@onceport/kafka-dev/testing";
import { type AuditSummary, auditScenario } from "../audit/audit-scenario.ts";
import { Balancer } from "../fleet/balancer.ts";
import { GatewayFleet } from "../fleet/gateway-fleet.ts";
import { createTopics, deleteTopics, highestAcknowledged, waitUntilReadable } from "../kafka/topics.ts";
import { ClientProcess, type ClientProcessSpec } from "../load/client-process.ts";
import { LedgerFile, readLedgerFile } from "../load/ledger-file.ts";
import { LoadClient } from "../load/load-client.ts";
import { LoadGenerator, type LoadHandle } from "../load/load-generator.ts";
import type { ClientPlan, LoadKind } from "../load/plan.ts";
import type { ScenarioResult } from "../report/result.ts";
import { errorText } from "../util/error-text.ts";
import { loadScenarioResult } from "./load-result.ts";
import { LoadRun } from "./load-run.ts";
import type { ClientSpec, LoadScenarioSpec } from "./load-scenario-spec.ts";
import type { ScenarioContext } from "./scenario.ts";

const RECORDS_PER_PUBLISH = 10;
const RECEIPTS_PARTITIONS = 8;
/** A stream client writes this many times what a publish or transaction client does. */
const weights: Record<LoadKind, number> = { publish: 1, transaction: 1, stream: 4 };

export function defaultClients(count: number): ClientSpec[] {
  const kinds: LoadKind[] = ["publish", "transaction", "stream"];
  return Array.from({ length: count }, (_, index) => ({ kind: kinds[index % kinds.length] ?? "publish" }));
}

function plansFor(
  clients: readonly ClientSpec[],
  context: ScenarioContext,
  topic: string,
  runId: string,
): ClientPlan[] {
  const total = clients.reduce((sum, client) => sum + weights[client.kind], 0);
  return clients.map((client, index) => ({
    clientId: `faults-${context.settings.quick ? "q" : "f"}-${runId}-c${index}-${client.kind}`,
    kind: client.kind,
    topic,
    partitions: context.settings.partitions,
    // Whole publishes; together at least the settings' records.
    records:
      Math.ceil((context.settings.records * weights[client.kind]) / total / RECORDS_PER_PUBLISH) *
      RECORDS_PER_PUBLISH,
    recordsPerPublish: RECORDS_PER_PUBLISH,
    valueBytes: 100,
  }));
}

export async function runLoadScenario(
  context: ScenarioContext,
  spec: LoadScenarioSpec,
): Promise<ScenarioResult> {
  const startedAt = Date.now();
  const { settings, workDir } = context;
  const runId = randomBytes(3).toString("hex");
  const topic = uniqueTopicName(`faults-${spec.scenario.name}`);
  const receiptsTopic = uniqueTopicName(`faults-${spec.scenario.name}-receipts`);
  const gatewayNames = spec.gateways ?? ["A", "B"];
  const clients = spec.clients ?? defaultClients(settings.clients);
  const plans = plansFor(clients, context, topic, runId);
  const deadlineMs = Math.max(3 * settings.livenessBoundMs, 90_000);
  const streamWindow = 20;

  const notes: string[] = [];
  let error: string | undefined;
  let run: LoadRun | undefined;
  let audit: AuditSummary | undefined;
  let loadMs = 0;
  const ledger = new LedgerFile(join(workDir, "ledger.jsonl"));
  const processLedgers: string[] = [];
  const fleet = new GatewayFleet({
    brokers: spec.gatewayBrokers ?? context.kafka.brokers,
    transactionalIdPrefix: `faults-${spec.scenario.name}-${runId}-`,
    receiptsTopic,
    flags: {
      "receipts-partitions": String(RECEIPTS_PARTITIONS),
      "kafka-transaction-timeout-ms": "30000",
      "transaction-timeout-ms": "20000",
      ...spec.gatewayFlags,
    },
    testFlags: settings.breakReceipts ? { "test-disable-receipts": "true" } : {},
    workDir,
  });
  const balancer = new Balancer(fleet);
  let finish: (() => Promise<void>) | undefined;
  try {
    await createTopics(context.kafka.brokers, [{ topic, numPartitions: settings.partitions }]);
    finish = await spec.prepare?.(context);
    context.log(`topic ${topic}; ${plans.length} clients; gateways ${gatewayNames.join(", ")}`);
    await Promise.all(
      gatewayNames.map((name) => {
        const testFlags = spec.firstStartTestFlags?.(name, plans);
        return fleet.start(name, testFlags ? { testFlags } : {});
      }),
    );

    const handles: LoadHandle[] = [];
    const processes = new Map<string, ClientProcess>();
    const firstStarts = new Map<string, Partial<ClientProcessSpec>>();
    const inProcess: LoadClient[] = [];
    for (const [index, plan] of plans.entries()) {
      const address = await balancer.route(plan.clientId, gatewayNames[index % gatewayNames.length] ?? "A");
      const publishesPerSecond = plan.records / plan.recordsPerPublish / (settings.loadMs / 1000);
      if (clients[index]?.process) {
        const ledgerPath = join(workDir, `ledger-${plan.clientId}.jsonl`);
        processLedgers.push(ledgerPath);
        const child = new ClientProcess({
          plan,
          address,
          ledgerPath,
          deadlineMs,
          streamWindow,
          publishesPerSecond,
        });
        processes.set(plan.clientId, child);
        firstStarts.set(plan.clientId, clients[index]?.firstStart?.(plan) ?? {});
        handles.push(child);
      } else {
        const client = new LoadClient({
          plan,
          address,
          ledger,
          deadlineMs,
          streamWindow,
          publishesPerSecond,
        });
        inProcess.push(client);
        handles.push(client);
      }
    }
    const load = new LoadGenerator(handles);
    run = new LoadRun({ context, fleet, balancer, load, plans, processes });
    const loadStarted = Date.now();
    const running = inProcess.map((client) => client.run());
    for (const [clientId, child] of processes) child.start(firstStarts.get(clientId));
    try {
      await spec.faults(run);
    } catch (failure) {
      error = `fault script: ${errorText(failure)}`;
    }
    await load.finished(settings.loadMs * 4 + 180_000).catch((failure: unknown) => {
      error ??= errorText(failure);
    });
    loadMs = Date.now() - loadStarted;
    await Promise.race([Promise.all(running), new Promise((resolve) => setTimeout(resolve, 5_000))]);
    for (const handle of handles) if (handle.error) notes.push(`${handle.clientId}: ${handle.error}`);
  } catch (failure) {
    error ??= errorText(failure);
  } finally {
    for (const child of run?.processes.values() ?? []) {
      await child.kill();
      child.settleFromLedger();
    }
    await fleet.stopAll();
    await balancer.close();
    ledger.close();
    await finish?.().catch((failure: unknown) => notes.push(`clean-up: ${errorText(failure)}`));
  }

  // Everything any client knew, in one ledger for the audit.
  const ledgerPath = join(workDir, "ledger-all.jsonl");
  writeFileSync(ledgerPath, readFileSync(ledger.path));
  for (const path of processLedgers) if (existsSync(path)) appendFileSync(ledgerPath, readFileSync(path));
  try {
    const highest = highestAcknowledged(readLedgerFile(ledgerPath), topic);
    const readableMs = await waitUntilReadable(
      context.kafka.brokers,
      topic,
      highest,
      settings.livenessBoundMs,
    );
    if (readableMs === undefined)
      notes.push("acknowledged records still behind the LSO when the audit began");
    context.log("auditing");
    audit = await auditScenario({
      brokers: context.kafka.brokers,
      topics: [topic, receiptsTopic],
      ledgerPath,
      workDir,
      lsoGraceMs: 15_000,
      findHanging: settings.findHanging,
    });
    // A failed audit's topics stay, for a closer look.
    if (!settings.keepTopics && audit.verdict === "PASS") {
      await deleteTopics(context.kafka.brokers, [topic, receiptsTopic]).catch(() => {});
    } else notes.push(`topics kept: ${topic}, ${receiptsTopic}`);
  } catch (failure) {
    error ??= `audit: ${errorText(failure)}`;
  }
  return loadScenarioResult({
    context,
    spec,
    run,
    audit,
    error,
    notes,
    startedAt,
    loadMs,
    topic,
    plans,
    fleet,
  });
}
