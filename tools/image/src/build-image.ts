// The gateway image, with buildah from `scratch` (no registry can be reached, and none is
// needed): one layer holding the file system rootfs.ts lays out, run as the non-root user.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GATEWAY_UID } from "./paths.ts";
import { APP_DIR, buildRootfs, NODE_PATH, type RootfsSources } from "./rootfs.ts";
import { run, runChecked } from "./run.ts";

/** gRPC, the HTTP probes and Prometheus metrics: the ports the image listens on by default. */
export const IMAGE_PORTS = { grpc: 50051, probes: 8080, metrics: 9464 } as const;

/**
 * What the image sets: every listener on 0.0.0.0 (the gateway's own defaults are 127.0.0.1,
 * unreachable from outside a container), the HTTP probes on, metrics' address for when
 * OTEL_METRICS_EXPORTER=prometheus turns them on.
 */
export const IMAGE_ENV: Readonly<Record<string, string>> = {
  PATH: "/usr/local/bin",
  ONCEPORT_LISTEN: `0.0.0.0:${IMAGE_PORTS.grpc}`,
  ONCEPORT_PROBES_HOST: "0.0.0.0",
  ONCEPORT_PROBES_PORT: String(IMAGE_PORTS.probes),
  OTEL_EXPORTER_PROMETHEUS_HOST: "0.0.0.0",
  OTEL_EXPORTER_PROMETHEUS_PORT: String(IMAGE_PORTS.metrics),
};

export interface BuiltImage {
  /** The name it was committed as, such as localhost/onceport/gateway:0.1.0. */
  readonly name: string;
  readonly id: string;
}

export async function buildImage(name: string, sources: RootfsSources, version: string): Promise<BuiltImage> {
  const root = mkdtempSync(join(tmpdir(), "onceport-image-"));
  let container: string | undefined;
  try {
    const laid = await buildRootfs(root, sources);
    process.stderr.write(
      `[image] file system laid out: dist/, ${laid.packages} npm packages, ${laid.libraries.length} shared libraries\n`,
    );
    container = (await runChecked("buildah", ["from", "scratch"])).trim();
    // Owned by root and not writable by the gateway's user: it writes nothing but /tmp.
    await runChecked("buildah", ["copy", "--chown", "0:0", container, `${root}/`, "/"]);
    await runChecked("buildah", [
      "config",
      "--user",
      `${GATEWAY_UID}:${GATEWAY_UID}`,
      "--workingdir",
      APP_DIR,
      "--entrypoint",
      JSON.stringify([NODE_PATH, "dist/main.js"]),
      "--cmd",
      "",
      ...Object.entries(IMAGE_ENV).flatMap(([key, value]) => ["--env", `${key}=${value}`]),
      ...Object.values(IMAGE_PORTS).flatMap((port) => ["--port", `${port}/tcp`]),
      "--stop-signal",
      "SIGTERM",
      "--label",
      "org.opencontainers.image.title=Onceport gateway",
      "--label",
      `org.opencontainers.image.version=${version}`,
      "--label",
      "org.opencontainers.image.licenses=Apache-2.0",
      container,
    ]);
    const previous = await imageId(name);
    const id = (await runChecked("buildah", ["commit", "--quiet", "--rm", container, name])).trim();
    container = undefined;
    // The image this name had before is nameless now: removed, or every build would keep one
    // (a container still using it keeps it, and that is no error).
    if (previous !== undefined && previous !== id) await run("buildah", ["rmi", previous]);
    return { name: name.includes("/") && !name.startsWith("localhost/") ? `localhost/${name}` : name, id };
  } finally {
    if (container !== undefined) await runChecked("buildah", ["rm", container]).catch(() => {});
    rmSync(root, { recursive: true, force: true });
  }
}

async function imageId(name: string): Promise<string | undefined> {
  const found = await run("buildah", ["inspect", "--type", "image", "--format", "{{.FromImageID}}", name]);
  return found.status === 0 ? found.stdout.trim() : undefined;
}
