// What a throughput run gives the report: made by cases/throughput-runs.ts, shown by tables.ts.

/** One run of a throughput variant. */
export interface ThroughputSample {
  readonly recordsPerSec: number;
  readonly mbPerSec: number;
  readonly errors: number;
  /** CPU microseconds per record of each process involved: client, gateway, broker. */
  readonly cpuUsPerRecord: Readonly<Record<string, number>>;
}
