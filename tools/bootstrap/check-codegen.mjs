// @ts-check
// Fails when the generated code in git differs from what `npm run codegen` makes now.
import { spawnSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
/** @param {string[]} args */
const run = (command, args) => spawnSync(command, args, { cwd: root, stdio: "inherit" }).status ?? 1;

if (run("nx", ["run", "@onceport/proto:codegen", "--skip-nx-cache"]) !== 0) process.exit(1);
// Modified, deleted or new (untracked) files under any gen/ folder mean stale generated code.
const status = spawnSync(
  "git",
  ["status", "--porcelain", "--untracked-files=all", "--", ":(glob)**/gen/**"],
  {
    cwd: root,
    encoding: "utf8",
  },
);
if (status.status !== 0) process.exit(1);
if (status.stdout.trim() !== "") {
  process.stderr.write(`generated code is stale; run \`npm run codegen\` and commit:\n${status.stdout}`);
  process.exit(1);
}
process.stdout.write("generated code is fresh\n");
