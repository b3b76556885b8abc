import { cpuTimeMs } from "../gateway/process-stats.ts";
import type { WindowMark } from "./window-mark.ts";

/**
 * CPU time other processes (the gateway, the broker) used inside a driver's
 * measured window: read when the driver says its window opens and closes.
 * On a shared 2-core machine, CPU per record is steadier than records/s.
 */
export class CpuWatch {
  private readonly pids: Readonly<Record<string, number | undefined>>;
  private readonly starts = new Map<string, Promise<number>>();
  private readonly ends = new Map<string, Promise<number>>();

  constructor(pids: Readonly<Record<string, number | undefined>>) {
    this.pids = pids;
  }

  readonly onMark = (mark: WindowMark): void => {
    const into = mark === "start" ? this.starts : this.ends;
    for (const [name, pid] of Object.entries(this.pids)) {
      if (pid !== undefined) into.set(name, cpuTimeMs(pid));
    }
  };

  /** CPU ms of each watched process inside the window (NaN where unknown). */
  async used(): Promise<Record<string, number>> {
    const used: Record<string, number> = {};
    for (const name of Object.keys(this.pids)) {
      const start = await (this.starts.get(name) ?? Promise.resolve(Number.NaN));
      const end = await (this.ends.get(name) ?? Promise.resolve(Number.NaN));
      used[name] = end - start;
    }
    return used;
  }
}
