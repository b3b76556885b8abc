// `npm run build`: the gateway as JavaScript in dist/, runnable with plain `node dist/main.js`.
// tsc compiles src/ (tsconfig.build.json: no tests, no src/testing), then each workspace
// library the gateway imports at run time is compiled into dist/node_modules/@onceport/<lib>,
// with a package.json whose exports name the .js files. Node resolves `@onceport/errors`
// from dist/main.js by looking in dist/node_modules first, so the built gateway loads no
// TypeScript, while in development the same imports still reach the libraries' .ts sources
// (their package.json exports are left as they are). Third-party packages resolve from the
// repository's node_modules, as for every workspace package.
import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";

const gatewayDir = join(import.meta.dirname, "..");
const repoRoot = join(gatewayDir, "..", "..");
const dist = join(gatewayDir, "dist");
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

interface PackageJson {
  readonly name: string;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly exports?: Readonly<Record<string, string>>;
}

const readPackage = (dir: string): PackageJson =>
  JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as PackageJson;

function compile(project: string): void {
  const run = spawnSync(process.execPath, [tsc, "-p", project], { stdio: "inherit" });
  if (run.status !== 0) throw new Error(`tsc -p ${relative(repoRoot, project)} failed`);
}

/** The workspace libraries the gateway needs at run time: its dependencies', transitively. */
function workspaceLibraries(): Map<string, string> {
  const dirs = new Map<string, string>();
  for (const group of ["libs", "apps", "tools"]) {
    for (const entry of readdirSync(join(repoRoot, group), { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const dir = join(repoRoot, group, entry.name);
      try {
        dirs.set(readPackage(dir).name, dir);
      } catch {
        // not a package
      }
    }
  }
  const needed = new Map<string, string>();
  const visit = (pkg: PackageJson): void => {
    for (const name of Object.keys(pkg.dependencies ?? {})) {
      const dir = dirs.get(name);
      if (dir === undefined || needed.has(name)) continue;
      needed.set(name, dir);
      visit(readPackage(dir));
    }
  };
  visit(readPackage(gatewayDir));
  return needed;
}

/** A library compiled into dist/node_modules: its exports (test helpers left out) as .js. */
function stageLibrary(name: string, dir: string): void {
  const pkg = readPackage(dir);
  const exports = Object.entries(pkg.exports ?? {}).filter(([subpath]) => subpath !== "./testing");
  const out = join(dist, "node_modules", name);
  const project = join(dist, ".build", `${name.replace("/", "+")}.tsconfig.json`);
  mkdirSync(dirname(project), { recursive: true });
  writeFileSync(
    project,
    JSON.stringify({
      extends: join(gatewayDir, "tsconfig.build.json"),
      compilerOptions: { rootDir: dir, outDir: out },
      files: exports.map(([, target]) => join(dir, target)),
      include: [],
      exclude: [],
    }),
  );
  compile(project);
  // Generated JavaScript the sources import (libs/api/gen/*_pb.js) is copied as it is.
  if (existsSync(join(dir, "gen"))) {
    cpSync(join(dir, "gen"), join(out, "gen"), {
      recursive: true,
      filter: (source) => statSync(source).isDirectory() || source.endsWith(".js"),
    });
  }
  const js = (target: string) => target.replace(/\.ts$/, ".js");
  writeFileSync(
    join(out, "package.json"),
    `${JSON.stringify(
      {
        name,
        type: "module",
        private: true,
        exports: Object.fromEntries(exports.map(([subpath, target]) => [subpath, js(target)])),
      },
      null,
      2,
    )}\n`,
  );
}

rmSync(dist, { recursive: true, force: true });
compile(join(gatewayDir, "tsconfig.build.json"));
for (const [name, dir] of workspaceLibraries()) stageLibrary(name, dir);
rmSync(join(dist, ".build"), { recursive: true, force: true });
process.stdout.write(
  `built ${relative(repoRoot, dist)} (node ${relative(repoRoot, join(dist, "main.js"))})\n`,
);
