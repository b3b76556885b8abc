// A scenario: real processes, a fault script, and the audit's verdict at the end.
import type { ScenarioResult } from "../report/result.ts";

export type KafkaKind = "local" | "cluster";

/** How big and how long: the full matrix or the quick one (see options.ts). */
export interface ScenarioSettings {
  readonly quick: boolean;
  /** Records the load writes per scenario. */
  readonly records: number;
  readonly clients: number;
  readonly partitions: number;
  /** The load is paced to last about this long without faults. */
  readonly loadMs: number;
  /** After each fault, every client must be served again within this. */
  readonly livenessBoundMs: number;
  /** Rounds of the repeated faults (gateway kill and stop, broker kill). */
  readonly rounds: number;
  /** Test only: gateways started from the test entry point with --test-disable-receipts, which voids idempotency. */
  readonly breakReceipts: boolean;
  /** Run Kafka's find-hanging in the audit (a JVM per topic). */
  readonly findHanging: boolean;
  readonly keepTopics: boolean;
}

export interface ScenarioContext {
  readonly settings: ScenarioSettings;
  readonly kafka: { readonly kind: KafkaKind; readonly brokers: readonly string[] };
  /** The scenario's own directory: ledgers, gateway logs, the audit report. */
  readonly workDir: string;
  log(line: string): void;
}

export interface Scenario {
  /** For --scenarios and file names. */
  readonly name: string;
  readonly title: string;
  /** What it does, one paragraph for the report. */
  readonly description: string;
  /** Needs the 3-broker cluster whatever --kafka says (it kills brokers or proxies them). */
  readonly needsCluster: boolean;
  run(context: ScenarioContext): Promise<ScenarioResult>;
}
