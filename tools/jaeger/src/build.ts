import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { binaryPath, buildDir, JAEGER_MODULE, JAEGER_VERSION } from "./paths.ts";

const run = promisify(execFile);

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/**
 * Builds Jaeger from the Go module proxy, once: `go install` refuses the
 * module (its go.mod has replace directives), so the module's source is
 * downloaded and built as the main module. The first build fetches and
 * compiles some hundreds of modules (minutes); later calls return at once.
 */
export async function ensureJaegerBinary(log: (line: string) => void = () => {}): Promise<string> {
  if (await exists(binaryPath)) return binaryPath;
  await mkdir(buildDir, { recursive: true });
  const lock = join(buildDir, "build.lock");
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch {
      // Another process builds it: wait for its binary.
      if (await exists(binaryPath)) return binaryPath;
      await sleep(2000);
    }
  }
  try {
    if (await exists(binaryPath)) return binaryPath;
    log(`[jaeger] building Jaeger ${JAEGER_VERSION} from the Go module proxy (once; takes minutes)`);
    const { stdout } = await run("go", ["mod", "download", "-json", `${JAEGER_MODULE}@${JAEGER_VERSION}`]);
    const moduleDir = (JSON.parse(stdout) as { Dir: string }).Dir;
    const source = await mkdtemp(join(tmpdir(), "onceport-jaeger-"));
    try {
      // The module cache is read-only: build from a writable copy.
      await cp(moduleDir, source, { recursive: true, mode: 0 });
      await run("chmod", ["-R", "u+w", source]);
      const partial = `${binaryPath}.partial`;
      await run("go", ["build", "-o", partial, "./cmd/jaeger"], {
        cwd: source,
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, CGO_ENABLED: "0" },
      });
      await run("mv", [partial, binaryPath]);
    } finally {
      await rm(source, { recursive: true, force: true });
    }
    log(`[jaeger] built ${binaryPath}`);
    return binaryPath;
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}
