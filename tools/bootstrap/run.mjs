// @ts-check
// Runs a command with the project's toolchain in place, on any machine with npm.
//
// The stack needs Node >= 24, but machines may only ship an older Node. When the
// running Node is too old, this provisions Node 24 from the npm registry (the
// `node` package ships the binary) into the git-ignored `.cache/node`, installs
// the workspace's npm packages with it, and runs the command with that Node
// first on PATH. It must itself stay runnable by old Node: plain JavaScript, no
// dependencies.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { nativeBuildEnv } from "./native-build.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const wantedMajor = Number(readFileSync(join(root, ".nvmrc"), "utf8").trim());
const pinnedNode = "24.21.0";
const nodeCache = join(root, ".cache", "node");

/** @param {string} message */
function say(message) {
  process.stderr.write(`[onceport] ${message}\n`);
}

/**
 * @param {string} command
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} env
 */
function run(command, args, env) {
  const result = spawnSync(command, args, { cwd: root, env, stdio: "inherit" });
  if (result.error) throw result.error;
  if (result.signal) return 128 + 15;
  return result.status ?? 1;
}

/** @returns {string} the directory holding a `node` binary of the wanted major version */
function ensureNode() {
  const major = Number(process.versions.node.split(".")[0]);
  if (major >= wantedMajor) return dirname(process.execPath);
  const binDir = join(nodeCache, "node_modules", "node", "bin");
  if (!existsSync(join(binDir, "node"))) {
    say(
      `Node ${process.versions.node} is older than ${wantedMajor}: installing node@${pinnedNode} into .cache/node`,
    );
    mkdirSync(nodeCache, { recursive: true });
    const status = run(
      "npm",
      [
        "install",
        "--prefix",
        nodeCache,
        "--no-save",
        "--no-package-lock",
        "--no-audit",
        "--no-fund",
        `node@${pinnedNode}`,
      ],
      process.env,
    );
    if (status !== 0 || !existsSync(join(binDir, "node"))) {
      throw new Error(`could not provision node@${pinnedNode} (npm exit ${status})`);
    }
  }
  return binDir;
}

/**
 * Runs `npm ci` unless node_modules was installed from this very lockfile by this Node.
 * @param {string} nodeDir
 * @param {NodeJS.ProcessEnv} env
 */
function ensurePackages(nodeDir, env) {
  const lock = readFileSync(join(root, "package-lock.json"));
  const digest = createHash("sha256").update(lock).update(nodeDir).digest("hex");
  const stamp = join(root, "node_modules", ".onceport-installed");
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === digest) return;
  say("installing npm packages (npm ci)");
  const status = run("npm", ["ci", "--no-audit", "--no-fund"], nativeBuildEnv(nodeDir, env));
  if (status !== 0) throw new Error(`npm ci failed with exit ${status}`);
  writeFileSync(stamp, digest);
}

function main() {
  const [command, ...args] = process.argv.slice(2);
  if (!command) {
    say("usage: node tools/bootstrap/run.mjs <command> [args...]");
    return 2;
  }
  const nodeDir = ensureNode();
  const env = {
    ...process.env,
    PATH: [nodeDir, join(root, "node_modules", ".bin"), process.env.PATH ?? ""].join(delimiter),
    NX_DAEMON: "false",
    NX_NO_CLOUD: "true",
  };
  ensurePackages(nodeDir, env);
  return run(command, args, env);
}

try {
  process.exitCode = main();
} catch (error) {
  say(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
