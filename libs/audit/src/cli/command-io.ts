/** Where a command writes: process.stdout/stderr in the bin, buffers in tests, the onceport CLI's own. */
export interface CommandIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
  /** Environment to read defaults from (ONCEPORT_BROKERS, ONCEPORT_KAFKA_LIBS). Default process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Ends a continuous audit (the bin wires SIGINT/SIGTERM to it). */
  readonly signal?: AbortSignal;
}
