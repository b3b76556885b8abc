// The parent's side of a load client process (client-main.ts): spawn it, follow its
// progress, kill it, start it again with the same client id where it left off.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { type Outcome, outcomeAfter } from "@onceport/audit";
import { readLedgerFile } from "./ledger-file.ts";
import type { LoadCounts } from "./load-client.ts";
import type { LoadHandle } from "./load-generator.ts";
import type { ClientPlan } from "./plan.ts";

export interface ClientProcessSpec {
  readonly plan: ClientPlan;
  readonly address: string;
  /** The client's own ledger file: its journal across restarts. */
  readonly ledgerPath: string;
  readonly deadlineMs: number;
  readonly streamWindow?: number;
  readonly publishesPerSecond?: number;
  /** Pick up from the ledger (a restart). */
  readonly resume?: boolean;
  /** Die (SIGKILL itself) at this point of its work. */
  readonly die?: { readonly at: "mid-transaction" | "mid-stream"; readonly publish: number };
}

const main = join(import.meta.dirname, "client-main.ts");
const zero: LoadCounts = { acknowledged: 0, failed: 0, unknown: 0, duplicateAnswers: 0, retries: 0 };

export class ClientProcess implements LoadHandle {
  readonly ackTimes: number[] = [];
  /** How each incarnation ended: "exit 0", "SIGKILL"... */
  readonly exits: string[] = [];
  private child: ChildProcess | undefined;
  private exited: Promise<unknown> = Promise.resolve();
  /** Counts of earlier incarnations, and of the current one. */
  private before: LoadCounts = zero;
  private current: LoadCounts = zero;
  private finished = false;
  private problem: string | undefined;
  private readonly spec: ClientProcessSpec;

  constructor(spec: ClientProcessSpec) {
    this.spec = spec;
  }

  get clientId(): string {
    return this.spec.plan.clientId;
  }

  get target(): number {
    return this.spec.plan.records;
  }

  get acked(): number {
    return this.stats.acknowledged;
  }

  get stats(): LoadCounts {
    const sum = { ...this.before };
    for (const key of Object.keys(sum) as (keyof LoadCounts)[]) sum[key] += this.current[key];
    return sum;
  }

  get done(): boolean {
    return this.finished;
  }

  get error(): string | undefined {
    return this.problem;
  }

  /** Starts the first incarnation, or (after it died) the next, with `changes` to the spec. */
  start(changes: Partial<ClientProcessSpec> = {}): void {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) {
      throw new Error(`client process ${this.clientId} is still running`);
    }
    this.before = this.stats;
    this.current = zero;
    const spec = { ...this.spec, ...changes };
    const child = spawn(process.execPath, [main, JSON.stringify(spec)], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child = child;
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4_000);
    });
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => this.line(line));
    this.exited = once(child, "exit").then(([code, signal]) => {
      this.exits.push(signal ? String(signal) : `exit ${code}`);
      if (code !== 0 && signal === null) {
        this.problem ??= `client process ${this.clientId} exited ${code}: ${stderr.trim()}`;
        this.finished = true;
      }
    });
  }

  /** Resolves once the current incarnation has exited. */
  async ended(): Promise<string | undefined> {
    await this.exited;
    return this.exits.at(-1);
  }

  /**
   * Counts from the client's journal once it has stopped: a process killed between an
   * acknowledgement and its next progress report took that acknowledgement with it (its
   * journal has it), and its restart does not send that publish again.
   */
  settleFromLedger(): void {
    const outcomes = new Map<string, Outcome>();
    for (const entry of readLedgerFile(this.spec.ledgerPath)) {
      // The audit's rule for an id's lines, as resume.ts applies it.
      outcomes.set(entry.messageId, outcomeAfter(outcomes.get(entry.messageId), entry.outcome));
    }
    const count = (outcome: string) => [...outcomes.values()].filter((value) => value === outcome).length;
    this.before = {
      ...this.stats,
      acknowledged: count("acknowledged"),
      failed: count("failed"),
      unknown: count("unknown"),
    };
    this.current = zero;
  }

  /** SIGKILL, as a crash; resolves once it is gone. */
  async kill(): Promise<void> {
    this.child?.kill("SIGKILL");
    await this.exited;
  }

  private line(line: string): void {
    let report: { acked?: number; stats?: LoadCounts; done?: boolean; error?: string };
    try {
      report = JSON.parse(line);
    } catch {
      return; // not ours
    }
    if (report.stats) {
      const fresh = report.stats.acknowledged - this.current.acknowledged;
      // One time per increase is precise enough for recovery figures (reports come every 100 ms).
      if (fresh > 0) this.ackTimes.push(Date.now());
      this.current = report.stats;
    }
    if (report.error) this.problem ??= report.error;
    if (report.done) this.finished = true;
  }
}
