import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launcher } from "./run-cli.ts";

/**
 * A checkout in miniature for the launcher's hand-over path (a Node that cannot run the
 * TypeScript gives the CLI to the repository's Node 24): the launcher itself, the CLI's
 * sources, and a `.cache/node` that is this test's Node 24.
 */
export async function handoverLayout(): Promise<{ launcher: string; remove(): Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), "onceport-cli-launcher-"));
  const cli = join(root, "apps", "cli");
  await mkdir(join(cli, "bin"), { recursive: true });
  await copyFile(launcher, join(cli, "bin", "onceport.mjs"));
  await symlink(join(import.meta.dirname, "..", "..", "src"), join(cli, "src"));
  const nodeBin = join(root, ".cache", "node", "node_modules", "node", "bin");
  await mkdir(nodeBin, { recursive: true });
  await symlink(process.execPath, join(nodeBin, "node"));
  return {
    launcher: join(cli, "bin", "onceport.mjs"),
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

/** The pids whose parent is `pid` (Linux: from /proc). */
export async function childrenOf(pid: number): Promise<number[]> {
  const children: number[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(join("/proc", entry, "stat"), "utf8").catch(() => "");
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so after the last ")".
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    if (ppid === pid) children.push(Number(entry));
  }
  return children;
}

/** True while a process with this pid exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
