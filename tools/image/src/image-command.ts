// `npm run image`: builds the gateway (npm run build's dist/) and its container image.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type BuiltImage, buildImage } from "./build-image.ts";
import { ensureDebianTools } from "./host-tools.ts";
import { GATEWAY_DIR, GATEWAY_DIST, IMAGE_REPOSITORY, REPO_ROOT } from "./paths.ts";

export interface ImageOptions {
  /** The image's name; default onceport/gateway:<the gateway's version> (the chart's appVersion). */
  readonly name?: string;
  /** Use apps/gateway/dist as it is instead of building it first. */
  readonly skipBuild?: boolean;
}

export function gatewayVersion(): string {
  const pkg = JSON.parse(readFileSync(join(GATEWAY_DIR, "package.json"), "utf8")) as { version: string };
  return pkg.version;
}

export async function imageCommand(options: ImageOptions = {}): Promise<BuiltImage> {
  await ensureDebianTools(["buildah"]);
  if (!options.skipBuild) {
    process.stderr.write("[image] building the gateway (apps/gateway/scripts/build.ts)\n");
    const build = spawnSync(process.execPath, [join(GATEWAY_DIR, "scripts", "build.ts")], {
      stdio: "inherit",
    });
    if (build.status !== 0) throw new Error(`the gateway's build failed (exit ${build.status})`);
  }
  const version = gatewayVersion();
  const name = options.name ?? `${IMAGE_REPOSITORY}:${version}`;
  const started = Date.now();
  const image = await buildImage(
    name,
    { repoRoot: REPO_ROOT, gatewayDir: GATEWAY_DIR, gatewayDist: GATEWAY_DIST, node: process.execPath },
    version,
  );
  process.stderr.write(
    `[image] ${image.name} (${image.id.slice(0, 12)}) in ${Math.round((Date.now() - started) / 1000)} s\n`,
  );
  return image;
}
