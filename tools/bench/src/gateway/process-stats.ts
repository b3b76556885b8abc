import { readdir, readFile, readlink } from "node:fs/promises";

/** Resident set size of a process in bytes (Linux /proc), or NaN where /proc is missing. */
export async function residentBytes(pid: number): Promise<number> {
  try {
    const status = await readFile(`/proc/${pid}/status`, "utf8");
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/**
 * Open sockets of a process (Linux /proc): each kafkajs producer holds its own
 * broker connections, so the count shows whether idle producers were released.
 */
export async function openSockets(pid: number): Promise<number> {
  try {
    const fds = await readdir(`/proc/${pid}/fd`);
    let sockets = 0;
    for (const fd of fds) {
      const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => "");
      if (target.startsWith("socket:")) sockets++;
    }
    return sockets;
  } catch {
    return Number.NaN;
  }
}

/** CPU time (user + system) a process used so far, in ms (Linux /proc), or NaN. */
export async function cpuTimeMs(pid: number): Promise<number> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return Number.NaN;
  }
}
