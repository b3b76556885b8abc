// The source files of a package: TypeScript and JavaScript, without what is generated, built
// or installed, and without nested packages (a fixture tree with a package.json of its own).
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

const skipped = new Set(["node_modules", "dist", "gen", "coverage", ".cache", ".venv", "target"]);
const sourceFile = /\.(ts|mts|cts|js|mjs|cjs)$/;

/** Paths relative to `root`, with `/`. */
export function sourceFiles(root: string, dir: string): string[] {
  const found: string[] = [];
  const walk = (relative: string): void => {
    for (const entry of readdirSync(join(root, relative), { withFileTypes: true })) {
      const path = `${relative}/${entry.name}`;
      if (entry.isDirectory()) {
        if (skipped.has(entry.name) || entry.name.startsWith(".")) continue;
        if (existsSync(join(root, path, "package.json"))) continue;
        walk(path);
      } else if (sourceFile.test(entry.name) && !entry.name.endsWith(".d.ts")) {
        found.push(path);
      }
    }
  };
  walk(dir);
  return found.sort();
}

/** Published code: what a consumer of the package loads, not its tests, benches or scripts. */
export function isPublished(packageDir: string, file: string): boolean {
  const inside = file.slice(packageDir.length + 1);
  return inside.startsWith("src/") && !/\.(spec|test)\.[cm]?[jt]s$/.test(inside);
}
