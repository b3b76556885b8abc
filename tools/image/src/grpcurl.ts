// grpcurl, the gRPC client people type health checks with, for the image's smoke test: built
// with Go from the Go module proxy into .cache/image/bin the first time, reused after.
import { existsSync } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { GRPCURL_MODULE, GRPCURL_VERSION, IMAGE_CACHE } from "./paths.ts";
import { runChecked } from "./run.ts";

export async function ensureGrpcurl(): Promise<string> {
  const target = join(IMAGE_CACHE, "bin", `grpcurl-${GRPCURL_VERSION}`);
  if (existsSync(target)) return target;
  // Built into a folder of its own and renamed into place: a parallel run never sees half a binary.
  const outDir = join(IMAGE_CACHE, `grpcurl-build-${process.pid}-${Date.now()}`);
  await mkdir(outDir, { recursive: true });
  await mkdir(join(IMAGE_CACHE, "bin"), { recursive: true });
  try {
    process.stderr.write(`[image] building grpcurl ${GRPCURL_VERSION} with go install (once)\n`);
    const install = (env: NodeJS.ProcessEnv) =>
      runChecked("go", ["install", `${GRPCURL_MODULE}@${GRPCURL_VERSION}`], {
        cwd: IMAGE_CACHE,
        env: { ...process.env, GOBIN: outDir, ...env },
      });
    // Go's module cache first, served as a proxy (a test's network namespace has no network;
    // what is in the cache was checked against the checksum database when it was downloaded),
    // then the Go module proxy itself.
    const cache = join((await runChecked("go", ["env", "GOMODCACHE"])).trim(), "cache", "download");
    await install({ GOPROXY: `file://${cache}`, GOSUMDB: "off" }).catch(() => install({}));
    await rename(join(outDir, "grpcurl"), target);
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
  return target;
}
