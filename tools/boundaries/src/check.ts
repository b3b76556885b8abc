// Reads every package's source files and applies the boundary rules to their imports.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { findCycles } from "./cycles.ts";
import { type ImportEdge, importsOf, packageOf } from "./imports.ts";
import { kafkaClientExceptions, kafkaClientPackages, kafkaLayerDir, notForLibs } from "./rules.ts";
import { isPublished, sourceFiles } from "./source-files.ts";
import type { Violation } from "./violation.ts";
import { readPackageJson, type WorkspacePackage, workspacePackages } from "./workspace.ts";

interface FileImports {
  readonly file: string;
  readonly owner: WorkspacePackage;
  readonly edges: readonly ImportEdge[];
}

export function checkBoundaries(root: string): Violation[] {
  const packages = workspacePackages(root);
  const byName = new Map(packages.map((pkg) => [pkg.name, pkg]));
  const files: FileImports[] = packages.flatMap((owner) =>
    sourceFiles(root, owner.dir).map((file) => ({
      file,
      owner,
      edges: importsOf(file, readFileSync(join(root, file), "utf8")),
    })),
  );
  const known = new Set(files.map(({ file }) => file));
  const resolve = (from: string, specifier: string): string | undefined =>
    resolveRelative(known, from, specifier);
  const ownerOf = (file: string): WorkspacePackage | undefined =>
    packages.find((pkg) => file.startsWith(`${pkg.dir}/`));
  const kafkaClients = new Set(
    existsSync(join(root, kafkaLayerDir, "package.json"))
      ? Object.keys(readPackageJson(join(root, kafkaLayerDir)).dependencies ?? {}).filter((name) =>
          kafkaClientPackages.includes(name),
        )
      : kafkaClientPackages,
  );

  const violations: Violation[] = packages
    .filter((pkg) => pkg.kind === undefined)
    .map((pkg) => ({
      rule: "untagged-package",
      where: pkg.dir,
      detail: 'package.json has no nx.tags "type:app|lib|tool|test"',
    }));
  for (const { file, owner, edges } of files) {
    for (const edge of edges) {
      const at = `${file}:${edge.line}`;
      const name = packageOf(edge.specifier);
      const relativeTarget = name === undefined ? resolve(file, edge.specifier) : undefined;
      const target =
        name !== undefined
          ? byName.get(name)
          : relativeTarget === undefined
            ? undefined
            : ownerOf(relativeTarget);
      if (owner.kind === "lib" && isPublished(owner.dir, file)) {
        if (
          target !== undefined &&
          target !== owner &&
          target.kind !== undefined &&
          notForLibs.has(target.kind)
        ) {
          violations.push({
            rule: "lib-imports-app-or-tool",
            where: at,
            detail: `${owner.name} (lib) imports ${target.name} (${target.kind}): "${edge.specifier}"`,
          });
        } else if (name !== undefined && name !== owner.name && !owner.dependencies.has(name)) {
          violations.push({
            rule: "dev-only-import-in-published-code",
            where: at,
            detail: `"${edge.specifier}" is ${owner.devDependencies.has(name) ? "only a devDependency" : "not a dependency"} of ${owner.name}`,
          });
        }
      }
      if (name !== undefined && kafkaClients.has(name) && !file.startsWith(`${kafkaLayerDir}/`)) {
        if (!kafkaClientExceptions.some(({ under }) => file.startsWith(under))) {
          violations.push({
            rule: "kafka-client-outside-kafka-layer",
            where: at,
            detail: `imports "${edge.specifier}"; Kafka clients are adapted only in ${kafkaLayerDir}`,
          });
        }
      }
    }
  }
  // Type-only imports count: a cycle of types is a cycle in the design all the same.
  const graph = new Map<string, string[]>();
  const folders = new Map<string, Set<string>>();
  for (const { file, owner, edges } of files) {
    const targets = edges
      .filter((edge) => packageOf(edge.specifier) === undefined)
      .map((edge) => resolve(file, edge.specifier))
      .filter((target): target is string => target !== undefined);
    graph.set(file, [...new Set(targets)]);
    const from = srcFolder(owner.dir, file);
    if (from === undefined || !isPublished(owner.dir, file)) continue;
    for (const target of targets) {
      const to = srcFolder(owner.dir, target);
      if (to !== undefined && to !== from) folders.set(from, (folders.get(from) ?? new Set()).add(to));
    }
  }
  for (const cycle of findCycles(graph)) {
    violations.push({ rule: "import-cycle", where: cycle[0] ?? "", detail: cycle.join(" <-> ") });
  }
  const folderGraph = new Map([...folders].map(([folder, targets]) => [folder, [...targets]]));
  for (const cycle of findCycles(folderGraph)) {
    violations.push({ rule: "folder-cycle", where: cycle[0] ?? "", detail: cycle.join(" <-> ") });
  }
  return violations;
}

/** The folder right under the package's src/ that holds `file` (`apps/gateway/src/publish`); none for src/'s own files. */
function srcFolder(packageDir: string, file: string): string | undefined {
  const inside = file.slice(packageDir.length + 1).split("/");
  return inside[0] === "src" && inside.length > 2 ? `${packageDir}/src/${inside[1]}` : undefined;
}

/** The file a relative specifier loads, as Node (with type stripping) and TypeScript find it. */
function resolveRelative(known: ReadonlySet<string>, from: string, specifier: string): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  const base = normalize(join(dirname(from), specifier)).replaceAll("\\", "/");
  const candidates = [base, base.replace(/\.js$/, ".ts"), `${base}.ts`, `${base}/index.ts`, `${base}.js`];
  return candidates.find((candidate) => known.has(candidate));
}
