import { homedir } from "node:os";
import { join, resolve } from "node:path";

/**
 * Jaeger's module version. The v2 binary (cmd/jaeger) is published under the
 * repository's v1.x module tags; a commit pseudo-version is not served here.
 */
export const JAEGER_MODULE = "github.com/jaegertracing/jaeger";
export const JAEGER_VERSION = "v1.76.0";

const workspaceRoot = resolve(import.meta.dirname, "..", "..", "..");

/**
 * The build is cached outside the repository, per user, so that fresh clones
 * (CI's among them) on this machine build it once, not once per clone.
 */
export const buildDir = join(
  process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"),
  "onceport",
  "jaeger",
  JAEGER_VERSION,
);
export const binaryPath = join(buildDir, "jaeger");

/** Where a running Jaeger keeps its pid file and log: the checkout's git-ignored cache. */
export const runDir = join(workspaceRoot, ".cache", "jaeger");
export const pidFile = join(runDir, "jaeger.pid");
export const logFile = join(runDir, "jaeger.log");

/** Jaeger's defaults with no config: in-memory storage, OTLP and the query API. */
export const ports = { otlpGrpc: 4317, otlpHttp: 4318, query: 16686 } as const;
export const queryUrl = `http://127.0.0.1:${ports.query}`;
export const otlpHttpUrl = `http://127.0.0.1:${ports.otlpHttp}`;
