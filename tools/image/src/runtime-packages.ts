// The third-party packages the built gateway loads at run time. `npm run build` compiles the
// gateway and its workspace libraries into dist/, but their npm dependencies still resolve
// from the repository's node_modules; the image gets exactly those, found the way Node finds
// them, so that neither the dev tools nor the other workspaces' packages come along.
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";

interface PackageJson {
  readonly name?: string;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
  readonly peerDependenciesMeta?: Readonly<Record<string, { readonly optional?: boolean }>>;
}

/** A package to copy: where it is, and where it goes relative to the app folder (/app). */
export interface RuntimePackage {
  readonly name: string;
  readonly dir: string;
  readonly target: string;
}

const readPackage = (dir: string): PackageJson =>
  JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as PackageJson;

/** Where `name` resolves from `fromDir`, as Node looks: node_modules/<name> in it and each parent. */
function resolvePackage(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) return realpathSync(candidate);
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * Every package reachable from the gateway's dependencies. Workspace packages (outside any
 * node_modules) are walked but not listed: the build staged them into dist/node_modules.
 * A third-party package keeps its place under the repository's node_modules (nested copies
 * included), which the image mirrors under /app/node_modules.
 */
export function runtimePackages(repoRoot: string, gatewayDir: string): RuntimePackage[] {
  const rootModules = join(repoRoot, "node_modules");
  const found = new Map<string, RuntimePackage>();
  const walked = new Set<string>();
  const visit = (dir: string): void => {
    if (walked.has(dir)) return;
    walked.add(dir);
    const pkg = readPackage(dir);
    const optional = new Set([
      ...Object.keys(pkg.optionalDependencies ?? {}),
      // A peer the installer left out is one nothing here asked for.
      ...Object.keys(pkg.peerDependencies ?? {}),
    ]);
    const names = new Set([...Object.keys(pkg.dependencies ?? {}), ...optional]);
    for (const name of names) {
      // Type declarations (a peer of some packages) are never loaded at run time.
      if (name.startsWith("@types/")) continue;
      const resolved = resolvePackage(name, dir);
      if (resolved === undefined) {
        if (optional.has(name)) continue;
        throw new Error(`${name}, a dependency of ${pkg.name ?? dir}, is not installed (npm ci?)`);
      }
      if (resolved.split(sep).includes("node_modules")) {
        const fromRoot = relative(rootModules, resolved);
        if (fromRoot.startsWith("..")) {
          throw new Error(
            `${name} resolves to ${resolved}, outside ${rootModules}: the image has no place for it`,
          );
        }
        found.set(resolved, { name, dir: resolved, target: join("node_modules", fromRoot) });
      }
      visit(resolved);
    }
  };
  visit(realpathSync(gatewayDir));
  return [...found.values()].sort((a, b) => a.target.localeCompare(b.target));
}
