// Runs the selected scenarios one after another and collects their results. Scenarios that
// need the cluster run last, under one claim of it, which is given back at the end.
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { UsageError } from "@onceport/errors";
import { ensureLocalBroker, LOCAL_BROKERS, type LocalBrokerLease } from "@onceport/kafka-dev";
import { ClusterSession } from "./kafka/cluster-session.ts";
import { REPO_ROOT, type RunOptions } from "./options.ts";
import { environment } from "./report/environment.ts";
import type { RunResult, ScenarioResult } from "./report/result.ts";
import { scenarios } from "./scenarios/catalog.ts";
import type { Scenario } from "./scenarios/scenario.ts";
import { errorText } from "./util/error-text.ts";

export function selectScenarios(names: readonly string[] | undefined): Scenario[] {
  if (!names) return [...scenarios];
  const unknown = names.filter((name) => !scenarios.some((scenario) => scenario.name === name));
  if (unknown.length > 0) {
    throw new UsageError(`no scenario ${unknown.join(", ")}: ${scenarios.map((s) => s.name).join(", ")}`);
  }
  return scenarios.filter((scenario) => names.includes(scenario.name));
}

export async function runMatrix(
  options: RunOptions,
  command: string,
  log: (line: string) => void,
): Promise<RunResult> {
  const started = Date.now();
  const selected = selectScenarios(options.scenarios);
  const onCluster = (scenario: Scenario) => scenario.needsCluster || options.kafka === "cluster";
  const order = [...selected.filter((s) => !onCluster(s)), ...selected.filter(onCluster)].flatMap(
    (scenario) => Array.from({ length: options.repeat }, (_, index) => ({ scenario, run: index + 1 })),
  );
  const results = new Map<string, ScenarioResult[]>();
  const keep = (name: string, result: ScenarioResult) =>
    results.set(name, [...(results.get(name) ?? []), result]);
  let cluster: ClusterSession | undefined;
  let local: LocalBrokerLease | undefined;
  try {
    for (const { scenario, run } of order) {
      const label = options.repeat > 1 ? `${scenario.name}-${run}` : scenario.name;
      const workDir = join(options.workDir, label);
      await mkdir(workDir, { recursive: true });
      const prefix = `[${label}]`;
      const scenarioLog = (line: string) => log(`${prefix} ${line}`);
      log(`${prefix} ${scenario.title}`);
      try {
        let brokers: readonly string[];
        if (onCluster(scenario)) {
          cluster ??= await ClusterSession.open(scenarioLog);
          brokers = cluster.brokers;
        } else {
          local ??= await ensureLocalBroker();
          brokers = LOCAL_BROKERS;
        }
        const result = await scenario.run({
          settings: options.settings,
          kafka: { kind: onCluster(scenario) ? "cluster" : "local", brokers },
          workDir,
          log: scenarioLog,
        });
        keep(scenario.name, result);
        log(
          `${prefix} ${result.verdict}${result.reasons.length > 0 ? `: ${result.reasons.join("; ")}` : ""}`,
        );
      } catch (error) {
        keep(scenario.name, crashed(scenario, options, workDir, error));
        log(`${prefix} could not run: ${errorText(error)}`);
      }
    }
  } finally {
    await cluster?.close().catch((error: unknown) => log(`stopping the cluster: ${errorText(error)}`));
    await local?.release();
  }
  const ordered = selected.flatMap((scenario) => results.get(scenario.name) ?? []);
  return {
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    mode: options.mode,
    command,
    environment: environment(REPO_ROOT),
    verdict: ordered.every((result) => result.verdict === "PASS") ? "PASS" : "FAIL",
    scenarios: ordered,
  };
}

function crashed(scenario: Scenario, options: RunOptions, workDir: string, error: unknown): ScenarioResult {
  return {
    name: scenario.name,
    title: scenario.title,
    description: scenario.description,
    verdict: "FAIL",
    reasons: [`could not run: ${errorText(error)}`],
    kafka: scenario.needsCluster || options.kafka === "cluster" ? "cluster" : "local",
    startedAt: new Date().toISOString(),
    durationMs: 0,
    loadMs: 0,
    records: { planned: options.settings.records, acknowledged: 0, failed: 0, unknown: 0, read: 0 },
    clients: 0,
    gatewayProcesses: 0,
    faults: [],
    liveness: { boundMs: options.settings.livenessBoundMs, worstMs: undefined, pass: false },
    figures: {},
    error: errorText(error),
    notes: [],
    workDir,
  };
}
