// The packages of an npm workspace, as the boundary rules see them: where each lives, what it
// declares it depends on, and its Nx type tag (type:app, type:lib, type:tool, type:test).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const packageKinds = ["app", "lib", "tool", "test"] as const;
export type PackageKind = (typeof packageKinds)[number];

export interface WorkspacePackage {
  readonly name: string;
  /** Relative to the workspace root, with `/`. */
  readonly dir: string;
  /** From the `type:` tag of package.json's nx.tags; undefined when it has none. */
  readonly kind: PackageKind | undefined;
  readonly dependencies: ReadonlySet<string>;
  readonly devDependencies: ReadonlySet<string>;
}

interface PackageJson {
  name?: string;
  workspaces?: string[];
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  nx?: { tags?: string[] };
}

export function readPackageJson(dir: string): PackageJson {
  return JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as PackageJson;
}

/** The packages the root package.json's workspaces name (`dir` or `dir/*` patterns). */
export function workspacePackages(root: string): WorkspacePackage[] {
  const dirs = (readPackageJson(root).workspaces ?? []).flatMap((pattern) => {
    if (!pattern.endsWith("/*")) return [pattern];
    const parent = pattern.slice(0, -2);
    if (!existsSync(join(root, parent))) return [];
    return readdirSync(join(root, parent), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `${parent}/${entry.name}`);
  });
  return dirs
    .filter((dir) => existsSync(join(root, dir, "package.json")))
    .sort()
    .map((dir) => {
      const json = readPackageJson(join(root, dir));
      const tag = json.nx?.tags?.find((candidate) => candidate.startsWith("type:"))?.slice("type:".length);
      return {
        name: json.name ?? dir,
        dir,
        kind: packageKinds.find((kind) => kind === tag),
        dependencies: new Set(Object.keys(json.dependencies ?? {})),
        devDependencies: new Set(Object.keys(json.devDependencies ?? {})),
      };
    });
}
