// What a run produces: one result per scenario (the JSON of `--json`, the tables of
// docs/fault-report.md).
import type { AuditSummary } from "../audit/audit-scenario.ts";

export interface FaultRecord {
  /** When it was injected, ms after the load began. */
  readonly atMs: number;
  /** The share of the load acknowledged then, 0..1. */
  readonly progress: number;
  readonly what: string;
  /**
   * From the fault (or, for a fault that lasts, its end) until every busy client had an
   * acknowledgement again; undefined when that did not happen within the liveness bound.
   */
  readonly recoveryMs?: number | undefined;
  /** Clients still waiting when the bound ran out. */
  readonly waitingFor?: readonly string[];
  readonly note?: string;
}

export interface ScenarioResult {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly verdict: "PASS" | "FAIL";
  /** Why it failed (empty when it passed). */
  readonly reasons: readonly string[];
  readonly kafka: "local" | "cluster";
  readonly startedAt: string;
  readonly durationMs: number;
  /** From the first publish to the last outcome. */
  readonly loadMs: number;
  readonly records: {
    readonly planned: number;
    readonly acknowledged: number;
    readonly failed: number;
    readonly unknown: number;
    /** Read back by the audit (read_committed), topics the load wrote. */
    readonly read: number;
  };
  readonly clients: number;
  /** Gateway processes started, restarts included. */
  readonly gatewayProcesses: number;
  readonly faults: readonly FaultRecord[];
  readonly liveness: {
    readonly boundMs: number;
    readonly worstMs: number | undefined;
    readonly pass: boolean;
  };
  readonly figures: Readonly<Record<string, number | string>>;
  readonly audit?: AuditSummary;
  readonly error?: string;
  readonly notes: readonly string[];
  readonly workDir: string;
}

export interface RunResult {
  readonly startedAt: string;
  readonly durationMs: number;
  readonly mode: "quick" | "full";
  readonly command: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly verdict: "PASS" | "FAIL";
  readonly scenarios: readonly ScenarioResult[];
}
