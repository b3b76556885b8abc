// podman as it works on this project's machines (root, cgroup v1 and v2 mounted side by side,
// limits that may not be raised), found out by trying:
// - crun refuses that hybrid ("cgroups in hybrid mode not supported"), and inside
//   `ip netns exec` /sys is remounted without any cgroup ("invalid file system type on
//   /sys/fs/cgroup"). So podman runs in a mount namespace of its own (unshare, private:
//   nothing leaks out) with a plain cgroup2 on /sys/fs/cgroup, and the container without
//   cgroups (--cgroups=disabled): a smoke test needs no resource limits.
// - Podman raises RLIMIT_NOFILE and RLIMIT_NPROC for the container, which is refused here
//   ("setrlimit RLIMIT_NOFILE: Operation not permitted"): they are set to what this process
//   has (nproc at most 4096, all a gateway needs).
// - --network=host: the container shares this process's network namespace, and so the local
//   broker's 127.0.0.1 (a namespace of the test's own, or the machine's).
import { type ChildProcess, spawn } from "node:child_process";
import { type RunResult, run } from "../../src/run.ts";

const wrapper = [
  "mount -t cgroup2 none /sys/fs/cgroup || exit 125",
  "files=$(ulimit -n); procs=$(ulimit -u)",
  '[ "$procs" = unlimited ] || [ "$procs" -gt 4096 ] && procs=4096',
  'if [ "$1" = run ]; then shift; set -- run --cgroups=disabled --ulimit "nofile=$files:$files" --ulimit "nproc=$procs:$procs" "$@"; fi',
  'exec podman "$@"',
].join("\n");

/** The command line that runs `podman ARGS...` so that it works here; `run` gets the flags above. */
function podmanCommand(args: readonly string[]): [string, string[]] {
  return ["unshare", ["--mount", "--propagation", "private", "bash", "-c", wrapper, "podman", ...args]];
}

/** Spawns `podman ARGS...` (a container that runs while the test talks to it). */
export function spawnPodman(args: readonly string[]): ChildProcess {
  const [command, commandArgs] = podmanCommand(args);
  return spawn(command, commandArgs, { stdio: ["ignore", "pipe", "pipe"] });
}

/** Runs `podman ARGS...` to its end. */
export async function podman(args: readonly string[]): Promise<RunResult> {
  const [command, commandArgs] = podmanCommand(args);
  return await run(command, commandArgs);
}
