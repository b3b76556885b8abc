// The load: many clients (in this process, or client processes that a scenario kills), their
// progress, and the figures a fault is judged by: how long until every client was served again.
import { setTimeout as sleep } from "node:timers/promises";
import type { LoadCounts } from "./load-client.ts";

/** What the generator needs of a client, wherever it runs. */
export interface LoadHandle {
  readonly clientId: string;
  /** Records it is to write. */
  readonly target: number;
  /** Records acknowledged so far. */
  readonly acked: number;
  /** When each acknowledgement arrived (ms since the epoch), in order. */
  readonly ackTimes: readonly number[];
  /**
   * When each acknowledged call started, in the same order, for clients that make one call
   * at a time: a call begun before a fault and finished after it does not show that the
   * client is served again, the next one does.
   */
  readonly ackStarts?: readonly number[] | undefined;
  /** It has stopped (all written, or given up). */
  readonly done: boolean;
  readonly error: string | undefined;
  readonly stats: LoadCounts;
}

export interface Recovery {
  /** From the fault (or its end) to the first acknowledgement of the last client to get one. */
  readonly ms: number | undefined;
  /** Clients with no acknowledgement within the bound. */
  readonly waitingFor: readonly string[];
}

export class LoadGenerator {
  readonly handles: readonly LoadHandle[];

  constructor(handles: readonly LoadHandle[]) {
    this.handles = handles;
  }

  get target(): number {
    return this.handles.reduce((sum, handle) => sum + handle.target, 0);
  }

  get acked(): number {
    return this.handles.reduce((sum, handle) => sum + handle.acked, 0);
  }

  progress(): number {
    return this.target === 0 ? 1 : this.acked / this.target;
  }

  get done(): boolean {
    return this.handles.every((handle) => handle.done);
  }

  totals(): LoadCounts {
    const sum = { acknowledged: 0, failed: 0, unknown: 0, duplicateAnswers: 0, retries: 0 };
    for (const { stats } of this.handles) {
      for (const key of Object.keys(sum) as (keyof LoadCounts)[]) sum[key] += stats[key];
    }
    return sum;
  }

  /** Resolves once `fraction` of all records are acknowledged. */
  async waitForProgress(fraction: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.progress() < fraction) {
      if (this.done) throw new Error(`the load stopped at ${this.describe()} before ${pct(fraction)}`);
      if (Date.now() > deadline) {
        throw new Error(`the load did not reach ${pct(fraction)} within ${timeoutMs} ms: ${this.describe()}`);
      }
      await sleep(50);
    }
  }

  /**
   * How long after `since` every client still busy then got an acknowledgement: the time
   * until the whole load was served again. Waits at most `boundMs`.
   */
  async recovery(since: number, boundMs: number): Promise<Recovery> {
    const busy = this.handles.filter((handle) => !handle.done || lastAck(handle) > since);
    const deadline = since + boundMs;
    for (;;) {
      const firsts = busy.map((handle) => firstAckAfter(handle, since));
      const waitingFor = busy.filter((_, index) => firsts[index] === undefined);
      const stuck = waitingFor.filter((handle) => !handle.done);
      if (stuck.length === 0) {
        const times = firsts.filter((time): time is number => time !== undefined);
        return { ms: times.length === 0 ? 0 : Math.max(...times) - since, waitingFor: [] };
      }
      if (Date.now() > deadline) return { ms: undefined, waitingFor: stuck.map((handle) => handle.clientId) };
      await sleep(50);
    }
  }

  /** Resolves when every client stopped; throws after `timeoutMs`. */
  async finished(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.done) {
      if (Date.now() > deadline)
        throw new Error(`the load did not finish within ${timeoutMs} ms: ${this.describe()}`);
      await sleep(100);
    }
  }

  describe(): string {
    return `${this.acked}/${this.target} records acknowledged (${pct(this.progress())}); ${this.handles
      .map((handle) => `${handle.clientId} ${handle.acked}/${handle.target}${handle.done ? " done" : ""}`)
      .join(", ")}`;
  }
}

function lastAck(handle: LoadHandle): number {
  return handle.ackTimes.at(-1) ?? 0;
}

function firstAckAfter(handle: LoadHandle, since: number): number | undefined {
  const times = handle.ackStarts ?? handle.ackTimes;
  let low = 0;
  let high = times.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((times[middle] ?? 0) > since) high = middle;
    else low = middle + 1;
  }
  return handle.ackTimes[low];
}

function pct(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}
