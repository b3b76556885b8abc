// What starting a node reports back.
export interface StartResult {
  readonly label: string;
  /** host:port of the broker listener. */
  readonly address: string;
  /** The broker's pid, unless it is a broker this tool did not start. */
  readonly pid: number | undefined;
  /** The Kafka version it runs; undefined for a broker this tool did not start. */
  readonly kafkaVersion: string | undefined;
  /** True when a broker already ran (or was reachable) and was reused instead of started. */
  readonly reused: boolean;
  readonly serverLog: string;
  /** How long this call took until the broker was ready. */
  readonly elapsedMs: number;
}
