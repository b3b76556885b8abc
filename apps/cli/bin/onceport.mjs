#!/usr/bin/env node
// @ts-check
// The `onceport` command (`npx onceport` from the repository). The CLI is
// TypeScript that Node 24 runs directly (type stripping). This launcher is plain
// JavaScript so that it also starts on an older Node, which it hands over to the
// repository's Node 24: the one tools/bootstrap installs into .cache/node (it
// installs it now if `npm start` or `npm test` has not yet).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const main = join(here, "..", "src", "main.ts");
const root = resolve(here, "..", "..", "..");
const major = Number(process.versions.node.split(".")[0]);

if (major >= 24) {
  await import(pathToFileURL(main).href);
} else {
  const node = join(root, ".cache", "node", "node_modules", "node", "bin", "node");
  if (!existsSync(node)) {
    process.stderr.write(
      `onceport: Node ${process.versions.node} is too old; installing Node 24 into .cache/node\n`,
    );
    spawnSync(process.execPath, [join(root, "tools", "bootstrap", "run.mjs"), "node", "--version"], {
      stdio: ["ignore", "ignore", "inherit"],
    });
  }
  if (!existsSync(node)) {
    process.stderr.write("onceport: needs Node >= 24 (run `npm start` once, or install Node 24)\n");
    process.exit(1);
  }
  const child = spawnSync(node, [main, ...process.argv.slice(2)], { stdio: "inherit" });
  process.exit(child.status ?? 1);
}
