import { execFile, spawn } from "node:child_process";
import { cp, mkdir, mkdtemp, rm, stat } from "node:fs/promises";
import { homedir, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** ghz, the gRPC load generator (github.com/bojand/ghz): a driver no one here wrote. */
export const GHZ_MODULE = "github.com/bojand/ghz";
export const GHZ_VERSION = "v0.120.0";

/** Built once per machine and user, outside the repository. */
const buildDir = join(
  process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"),
  "onceport",
  "ghz",
  GHZ_VERSION,
);
const binaryPath = join(buildDir, "ghz");
const protoRoot = resolve(import.meta.dirname, "..", "..", "..", "..", "proto");

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/**
 * Builds ghz from the Go module proxy on first use (about a minute): `go
 * install module@version`, and if Go refuses that (a module with replace
 * directives), the downloaded source built as the main module.
 */
export async function ensureGhz(log: (line: string) => void): Promise<string> {
  if (await exists(binaryPath)) return binaryPath;
  await mkdir(buildDir, { recursive: true });
  log(`building ghz ${GHZ_VERSION} from the Go module proxy into ${buildDir} (once)`);
  const env = { ...process.env, GOBIN: buildDir, CGO_ENABLED: "0" };
  try {
    await run("go", ["install", `${GHZ_MODULE}/cmd/ghz@${GHZ_VERSION}`], { env, maxBuffer: 1 << 26 });
  } catch {
    const { stdout } = await run("go", ["mod", "download", "-json", `${GHZ_MODULE}@${GHZ_VERSION}`], { env });
    const moduleDir = (JSON.parse(stdout) as { Dir: string }).Dir;
    const source = await mkdtemp(join(tmpdir(), "onceport-ghz-"));
    try {
      // The module cache is read-only: build from a writable copy.
      await cp(moduleDir, source, { recursive: true });
      await run("chmod", ["-R", "u+w", source]);
      await run("go", ["build", "-o", binaryPath, "./cmd/ghz"], { cwd: source, env, maxBuffer: 1 << 26 });
    } finally {
      await rm(source, { recursive: true, force: true });
    }
  }
  if (!(await exists(binaryPath))) throw new Error(`building ghz left no binary at ${binaryPath}`);
  return binaryPath;
}

export interface GhzLoad {
  readonly binary: string;
  readonly address: string;
  /** Fully qualified method, e.g. `onceport.v1.GatewayService/Publish`. */
  readonly call: string;
  /** The request as protobuf JSON; ghz templates `{{.RequestNumber}}` and the like. */
  readonly data: unknown;
  readonly concurrency: number;
  /** 0: as fast as the workers go (closed loop). */
  readonly ratePerSec: number;
  readonly warmupMs: number;
  readonly durationMs: number;
}

export interface GhzResult {
  /** Latencies (ms) of the calls started inside the window, after the warm-up. */
  readonly latenciesMs: number[];
  readonly errors: number;
  readonly seconds: number;
}

interface GhzReport {
  readonly date: string;
  readonly details?: readonly { timestamp: string; latency: number; status: string }[];
}

/** Runs ghz for warm-up + duration and keeps the calls of the window, from its per-call details. */
export async function runGhz(load: GhzLoad): Promise<GhzResult> {
  const args = [
    "--insecure",
    "--proto",
    join(protoRoot, "onceport", "v1", "gateway.proto"),
    "--import-paths",
    protoRoot,
    "--call",
    load.call,
    "--data",
    JSON.stringify(load.data),
    "--concurrency",
    String(load.concurrency),
    ...(load.ratePerSec > 0 ? ["--rps", String(load.ratePerSec)] : []),
    "--duration",
    `${load.warmupMs + load.durationMs}ms`,
    "--format",
    "json",
    load.address,
  ];
  const started = Date.now();
  const stdout = await new Promise<string>((resolvePromise, reject) => {
    const child = spawn(load.binary, args, { stdio: ["ignore", "pipe", "pipe"] });
    const chunks: Buffer[] = [];
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolvePromise(Buffer.concat(chunks).toString())
        : reject(new Error(`ghz exited with ${code}: ${stderr}`)),
    );
  });
  const report = JSON.parse(stdout) as GhzReport;
  const windowStart = started + load.warmupMs;
  const windowEnd = windowStart + load.durationMs;
  const latenciesMs: number[] = [];
  let errors = 0;
  for (const call of report.details ?? []) {
    const at = Date.parse(call.timestamp);
    if (at < windowStart || at >= windowEnd) continue;
    if (call.status === "OK") latenciesMs.push(call.latency / 1e6);
    else errors++;
  }
  return { latenciesMs, errors, seconds: load.durationMs / 1000 };
}
