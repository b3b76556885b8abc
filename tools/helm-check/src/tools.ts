// helm and kube-check, built with Go from the Go module proxy into .cache/helm-check/bin the
// first time and reused after (no network then). Each is built into a folder of its own and
// renamed into place, so two test runs at once never see half a binary.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { HELM_MODULE, HELM_VERSION, KUBE_CHECK_DIR, TOOLS_CACHE } from "./paths.ts";
import { run } from "./run.ts";

const binDir = join(TOOLS_CACHE, "bin");

/** Builds `name` into a fresh folder with `build`, then moves it to `target`; nothing if `target` exists. */
async function buildOnce(
  target: string,
  name: string,
  build: (outDir: string) => Promise<void>,
): Promise<string> {
  if (existsSync(target)) return target;
  const outDir = join(TOOLS_CACHE, `build-${process.pid}-${Date.now()}`);
  await mkdir(outDir, { recursive: true });
  await mkdir(binDir, { recursive: true });
  try {
    const started = Date.now();
    process.stderr.write(`[helm-check] building ${name} into ${binDir} (once; minutes on a clean machine)\n`);
    await build(outDir);
    await rename(join(outDir, name), target);
    process.stderr.write(`[helm-check] built ${name} in ${Math.round((Date.now() - started) / 1000)} s\n`);
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
  return target;
}

async function go(args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<void> {
  const { status } = await run("go", args, { ...options, inheritOutput: true });
  if (status !== 0) throw new Error(`go ${args.join(" ")} failed with exit ${status} (is Go on PATH?)`);
}

/** The helm binary, built from its module at HELM_VERSION when missing. */
export async function ensureHelm(): Promise<string> {
  return await buildOnce(join(binDir, `helm-${HELM_VERSION}`), "helm", (outDir) =>
    go(["install", `${HELM_MODULE}@${HELM_VERSION}`], {
      cwd: TOOLS_CACHE,
      env: { ...process.env, GOBIN: outDir },
    }),
  );
}

/** The strict decoder, rebuilt whenever its sources or dependencies change. */
export async function ensureKubeCheck(): Promise<string> {
  const hash = createHash("sha256");
  for (const file of ["go.mod", "go.sum", "main.go"]) hash.update(await readFile(join(KUBE_CHECK_DIR, file)));
  const target = join(binDir, `kube-check-${hash.digest("hex").slice(0, 12)}`);
  return await buildOnce(target, "kube-check", (outDir) =>
    go(["build", "-o", join(outDir, "kube-check"), "."], { cwd: KUBE_CHECK_DIR }),
  );
}
