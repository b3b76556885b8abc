// The result of a load scenario: the audit's verdict, liveness after each fault, whether the
// load finished, and the figures the report shows.
import { type AuditSummary, auditFailure } from "../audit/audit-scenario.ts";
import type { GatewayFleet } from "../fleet/gateway-fleet.ts";
import type { ClientPlan } from "../load/plan.ts";
import type { ScenarioResult } from "../report/result.ts";
import type { LoadRun } from "./load-run.ts";
import type { LoadScenarioSpec } from "./load-scenario-spec.ts";
import type { ScenarioContext } from "./scenario.ts";

export function loadScenarioResult(parts: {
  context: ScenarioContext;
  spec: LoadScenarioSpec;
  run: LoadRun | undefined;
  audit: AuditSummary | undefined;
  error: string | undefined;
  notes: string[];
  startedAt: number;
  loadMs: number;
  topic: string;
  plans: readonly ClientPlan[];
  fleet: GatewayFleet;
}): ScenarioResult {
  const { context, run, audit, error } = parts;
  const totals = run?.load.totals() ?? {
    acknowledged: 0,
    failed: 0,
    unknown: 0,
    duplicateAnswers: 0,
    retries: 0,
  };
  const planned = parts.plans.reduce((sum, plan) => sum + plan.records, 0);
  const faults = run?.faults ?? [];
  const recoveries = faults.map((fault) => fault.recoveryMs);
  const livenessPass = recoveries.every((ms) => ms !== undefined);
  const worst = recoveries.filter((ms): ms is number => ms !== undefined);
  const reasons: string[] = [];
  if (error) reasons.push(error);
  if (audit && audit.verdict !== "PASS") reasons.push(auditFailure(audit));
  if (!audit && !error) reasons.push("no audit");
  for (const fault of faults) {
    if (fault.recoveryMs === undefined) {
      reasons.push(
        `not served again within ${context.settings.livenessBoundMs} ms after "${fault.what}": ${fault.waitingFor?.join(", ")}`,
      );
    }
  }
  const settled = totals.acknowledged + totals.failed + totals.unknown;
  if (settled < planned)
    reasons.push(`the load did not finish: ${settled} of ${planned} records have an outcome`);
  return {
    name: parts.spec.scenario.name,
    title: parts.spec.scenario.title,
    description: parts.spec.scenario.description,
    verdict: reasons.length === 0 ? "PASS" : "FAIL",
    reasons,
    kafka: context.kafka.kind,
    startedAt: new Date(parts.startedAt).toISOString(),
    durationMs: Date.now() - parts.startedAt,
    loadMs: parts.loadMs,
    records: {
      planned,
      acknowledged: totals.acknowledged,
      failed: totals.failed,
      unknown: totals.unknown,
      read: audit?.recordsRead[parts.topic] ?? 0,
    },
    clients: parts.plans.length,
    gatewayProcesses: parts.fleet.starts,
    faults,
    liveness: {
      boundMs: context.settings.livenessBoundMs,
      worstMs: worst.length === 0 ? undefined : Math.max(...worst),
      pass: livenessPass,
    },
    figures: {
      "publishes answered duplicate (a retry found its key committed)": totals.duplicateAnswers,
      "SDK retries": totals.retries,
      "client moves between gateways": run?.balancer.moves ?? 0,
      ...run?.figures,
    },
    ...(audit === undefined ? {} : { audit }),
    ...(error === undefined ? {} : { error }),
    notes: [...parts.notes, ...(run?.notes ?? [])],
    workDir: context.workDir,
  };
}
