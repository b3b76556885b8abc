// Scenario 7: exactly-once consume-transform-produce through worker crashes and zombies.
import { randomBytes } from "node:crypto";
import { uniqueTopicName } from "@onceport/kafka-dev/testing";
import { type AuditSummary, auditFailure, auditScenario } from "../audit/audit-scenario.ts";
import { GatewayFleet } from "../fleet/gateway-fleet.ts";
import { createTopics, deleteTopics } from "../kafka/topics.ts";
import { GroupWatch } from "../process/group-offsets.ts";
import { InputFeeder } from "../process/input-feeder.ts";
import { RawWorker } from "../process/raw-worker.ts";
import type { FaultRecord, ScenarioResult } from "../report/result.ts";
import { errorText } from "../util/error-text.ts";
import { leaseMs, type Pipeline, processFaults } from "./process-faults.ts";
import type { Scenario, ScenarioContext } from "./scenario.ts";

const scenario = {
  name: "process-workers",
  title: "Process: worker killed mid-batch, zombie worker, paused worker",
  description:
    "Input is written to Kafka while three workers (two gateways) turn each input record into one output " +
    "through onceport.v1.ProcessService. At 20% a worker dies mid-batch (stream cancelled, connection closed) " +
    "and comes back on the other gateway; at 45% a worker stops answering with batches in hand past its lease " +
    "(the gateway drops it, its partitions move), then answers them, too late, and joins again; at 70% a " +
    "worker pauses with batches in hand while a new worker joins, so its partitions move in a rebalance, and " +
    "its late answers must be refused. The audit checks every input's outputs exactly once and the group's " +
    "committed offsets. The quick run leaves out the paused worker.",
};

async function runPipeline(context: ScenarioContext): Promise<ScenarioResult> {
  const startedAt = Date.now();
  const { settings } = context;
  const runId = randomBytes(3).toString("hex");
  const input = uniqueTopicName("faults-process-in");
  const output = uniqueTopicName("faults-process-out");
  const group = `faults-${runId}-group`;
  const partitions = settings.partitions;
  const notes: string[] = [];
  const faultRecords: FaultRecord[] = [];
  const figures: Record<string, number | string> = {};
  let error: string | undefined;
  let audit: AuditSummary | undefined;
  let committed = 0;
  let loadMs = 0;

  const receiptsTopic = uniqueTopicName("faults-process-receipts");
  const fleet = new GatewayFleet({
    brokers: context.kafka.brokers,
    transactionalIdPrefix: `faults-process-${runId}-`,
    receiptsTopic,
    flags: {
      "receipts-partitions": "4",
      "process-lease-ms": String(leaseMs(settings.quick)),
      "process-rebalance-grace-ms": "1000",
      "process-session-timeout-ms": "6000",
      "process-max-batch-records": "200",
    },
    testFlags: settings.breakReceipts ? { "test-disable-receipts": "true" } : {},
    workDir: context.workDir,
  });
  const workers: RawWorker[] = [];
  const feeder = new InputFeeder({
    brokers: context.kafka.brokers,
    topic: input,
    partitions,
    count: settings.records,
    durationMs: settings.loadMs,
  });
  let watch: GroupWatch | undefined;
  try {
    await createTopics(context.kafka.brokers, [
      { topic: input, numPartitions: partitions },
      { topic: output, numPartitions: partitions },
    ]);
    await Promise.all([fleet.start("A"), fleet.start("B")]);
    watch = await GroupWatch.open(context.kafka.brokers, group, input, feeder.inputs);
    const join = (workerId: string, gateway: string) =>
      new RawWorker({
        address: fleet.address(gateway),
        group,
        inputTopic: input,
        outputTopic: output,
        workerId,
        maxBatchRecords: 200,
        maxInFlightBatches: 2,
        thinkMs: 20,
      });
    workers.push(join(`w1-${runId}`, "A"), join(`w2-${runId}`, "B"), join(`w3-${runId}`, "A"));
    const loadStarted = Date.now();
    // Handled at once: a feeder failing while the fault script runs must not crash the run.
    const feeding = feeder.run().catch((failure: unknown) => {
      error ??= `input feeder: ${errorText(failure)}`;
    });
    const pipeline: Pipeline = {
      context,
      watch,
      workers,
      faults: faultRecords,
      figures,
      startedAt: loadStarted,
      join,
      ends: () => feeder.inputs.ends(partitions),
    };
    try {
      await processFaults(pipeline);
    } catch (failure) {
      error ??= `fault script: ${errorText(failure)}`;
    }
    await feeding;
    await watch.waitForTotal(settings.records, settings.loadMs * 3 + 120_000).catch((failure: unknown) => {
      error ??= errorText(failure);
    });
    loadMs = Date.now() - loadStarted;
    committed = await watch.total();
    figures["batches refused, all workers"] = workers.reduce(
      (sum, worker) => sum + worker.rejections.length,
      0,
    );
  } catch (failure) {
    error ??= errorText(failure);
  } finally {
    feeder.stop();
    await Promise.all(workers.map((worker) => worker.leave()));
    await watch?.close();
    await fleet.stopAll();
  }

  try {
    context.log("auditing");
    audit = await auditScenario({
      brokers: context.kafka.brokers,
      topics: [output],
      workDir: context.workDir,
      lsoGraceMs: 15_000,
      findHanging: settings.findHanging,
    });
    if (!settings.keepTopics && audit.verdict === "PASS") {
      await deleteTopics(context.kafka.brokers, [input, output, receiptsTopic]).catch(() => {});
    } else notes.push(`topics kept: ${input}, ${output}, ${receiptsTopic}`);
  } catch (failure) {
    error ??= `audit: ${errorText(failure)}`;
  }

  const reasons: string[] = [];
  if (error) reasons.push(error);
  if (audit && audit.verdict !== "PASS") reasons.push(auditFailure(audit));
  if (audit && audit.processOutputs !== settings.records) {
    reasons.push(
      `${audit.processOutputs} outputs read for ${settings.records} inputs: each input has exactly one`,
    );
  }
  for (const fault of faultRecords) {
    if (fault.recoveryMs === undefined) reasons.push(`not recovered within the bound after "${fault.what}"`);
  }
  const recoveries = faultRecords
    .map((fault) => fault.recoveryMs)
    .filter((ms): ms is number => ms !== undefined);
  return {
    ...scenario,
    verdict: reasons.length === 0 ? "PASS" : "FAIL",
    reasons,
    kafka: context.kafka.kind,
    startedAt: new Date(startedAt).toISOString(),
    durationMs: Date.now() - startedAt,
    loadMs,
    records: {
      planned: settings.records,
      acknowledged: committed,
      failed: 0,
      unknown: 0,
      read: audit?.processOutputs ?? 0,
    },
    clients: workers.length,
    gatewayProcesses: fleet.starts,
    faults: faultRecords,
    liveness: {
      boundMs: settings.livenessBoundMs,
      worstMs: recoveries.length === 0 ? undefined : Math.max(...recoveries),
      pass: faultRecords.every((fault) => fault.recoveryMs !== undefined),
    },
    figures,
    ...(audit === undefined ? {} : { audit }),
    ...(error === undefined ? {} : { error }),
    notes,
    workDir: context.workDir,
  };
}

export const processWorkers: Scenario = { ...scenario, needsCluster: false, run: runPipeline };
