// The image's whole file system, laid out in a folder that buildah copies onto `scratch`: Node
// and the libraries it and the native addons load, the gateway's dist/ and its run-time
// packages, a non-root user, CA certificates. No shell, no package manager.
import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { GATEWAY_UID } from "./paths.ts";
import { runtimePackages } from "./runtime-packages.ts";
import { sharedLibraries } from "./shared-libraries.ts";

export interface RootfsSources {
  readonly repoRoot: string;
  readonly gatewayDir: string;
  readonly gatewayDist: string;
  /** The Node binary the image runs (the project's Node 24). */
  readonly node: string;
}

/** Where the app lives in the image; the entry point runs `node dist/main.js` from there. */
export const APP_DIR = "/app";
export const NODE_PATH = "/usr/local/bin/node";

/** The system CA bundle: librdkafka (Kafka TLS) reads it from OpenSSL's default place. */
const caBundle = "/etc/ssl/certs/ca-certificates.crt";

/** Fills `root` (an empty folder) with the image's file system; returns what it copied, for the log. */
export async function buildRootfs(
  root: string,
  sources: RootfsSources,
): Promise<{ packages: number; libraries: string[] }> {
  const app = join(root, APP_DIR);
  mkdirSync(app, { recursive: true });
  cpSync(sources.gatewayDist, join(app, "dist"), {
    recursive: true,
    filter: (path) => !path.endsWith(".map"),
  });
  // dist/ sits where it does in the repository: its modules are ES modules by this file, and
  // the telemetry reads the gateway's version from it. Its dependencies are already in place.
  const gateway = JSON.parse(readFileSync(join(sources.gatewayDir, "package.json"), "utf8")) as Record<
    string,
    unknown
  >;
  const { name, version, description, type, license } = gateway;
  writeFileSync(
    join(app, "package.json"),
    `${JSON.stringify({ name, version, description, type, license, private: true }, null, 2)}\n`,
  );
  const packages = runtimePackages(sources.repoRoot, sources.gatewayDir);
  for (const pkg of packages) {
    const native = existsSync(join(pkg.dir, "binding.gyp"));
    cpSync(pkg.dir, join(app, pkg.target), {
      recursive: true,
      filter: (path) => keep(path.slice(pkg.dir.length), native),
    });
  }

  const node = realpathSync(sources.node);
  mkdirSync(join(root, dirname(NODE_PATH)), { recursive: true });
  copyFileSync(node, join(root, NODE_PATH));
  chmodSync(join(root, NODE_PATH), 0o755);
  const libraries = await sharedLibraries([node, ...nativeAddons(app)]);
  for (const library of libraries) {
    if (library.startsWith(`${root}/`)) continue; // an addon's own library, copied with it
    mkdirSync(join(root, dirname(library)), { recursive: true });
    copyFileSync(realpathSync(library), join(root, library));
  }

  writeEtc(root);
  mkdirSync(join(root, "tmp"), { recursive: true });
  chmodSync(join(root, "tmp"), 0o1777);
  return { packages: packages.length, libraries };
}

/** What a native addon needs only to be compiled: its sources, objects, static libraries, makefiles. */
const buildOnly = /\.(?:a|o|c|cc|cpp|h|hpp|mk|gyp|gypi)$/;

/** Whether a path inside a package (from its folder, "/..." or "") goes into the image. */
function keep(inPackage: string, native: boolean): boolean {
  const parts = inPackage.split("/");
  // Nested node_modules are packages of their own in the list (or not needed at all).
  if (parts.includes("node_modules") || parts.includes("obj.target") || parts.includes(".deps")) return false;
  // A native package's bundled library sources (librdkafka's: 200 MB); the built library is under build/.
  if (native && parts[1] === "deps") return false;
  return !buildOnly.test(inPackage);
}

/** Compiled addons (`*.node`); the libraries they ship beside them are found through them. */
function nativeAddons(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".node"))
    .map((entry) => join(entry.parentPath, entry.name));
}

function writeEtc(root: string): void {
  const etc = join(root, "etc");
  mkdirSync(etc, { recursive: true });
  // The uid the chart's securityContext names, so that the user has a name and a home in both.
  writeFileSync(
    join(etc, "passwd"),
    `root:x:0:0:root:/root:/sbin/nologin\nonceport:x:${GATEWAY_UID}:${GATEWAY_UID}:Onceport gateway:${APP_DIR}:/sbin/nologin\n`,
  );
  writeFileSync(join(etc, "group"), `root:x:0:\nonceport:x:${GATEWAY_UID}:\n`);
  // glibc reads it to resolve broker names (files, then DNS; both are built into libc).
  writeFileSync(join(etc, "nsswitch.conf"), "passwd: files\ngroup: files\nhosts: files dns\n");
  mkdirSync(join(root, dirname(caBundle)), { recursive: true });
  copyFileSync(caBundle, join(root, caBundle));
  // OpenSSL's default file on Debian: /usr/lib/ssl/cert.pem.
  mkdirSync(join(root, "usr", "lib", "ssl"), { recursive: true });
  symlinkSync(caBundle, join(root, "usr", "lib", "ssl", "cert.pem"));
}
