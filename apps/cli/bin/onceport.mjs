#!/usr/bin/env node
// @ts-check
// The `onceport` command (`npx onceport` from the repository). The CLI is
// TypeScript that Node 24 runs directly (type stripping). This launcher is plain
// JavaScript so that it also starts on an older Node (or one with type stripping
// turned off), which hands over to the repository's Node 24: the one
// tools/bootstrap installs into .cache/node (it installs it now if `npm start` or
// `npm test` has not yet).
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { constants } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const main = join(here, "..", "src", "main.ts");
const root = resolve(here, "..", "..", "..");
const major = Number(process.versions.node.split(".")[0]);

if (major >= 24 && process.features.typescript) {
  await import(pathToFileURL(main).href);
} else {
  const node = join(root, ".cache", "node", "node_modules", "node", "bin", "node");
  if (!existsSync(node)) {
    process.stderr.write(
      `onceport: Node ${process.versions.node} cannot run it; installing Node 24 into .cache/node\n`,
    );
    spawnSync(process.execPath, [join(root, "tools", "bootstrap", "run.mjs"), "node", "--version"], {
      stdio: ["ignore", "ignore", "inherit"],
    });
  }
  if (!existsSync(node)) {
    process.stderr.write("onceport: needs Node >= 24 (run `npm start` once, or install Node 24)\n");
    process.exit(1);
  }
  handOver(node);
}

/**
 * Runs the CLI in a Node 24 child and lives exactly as long as it: a signal sent to this
 * launcher (Ctrl-C, `kill`, a supervisor stopping it) goes on to the CLI, which ends as it
 * does on that signal (subscribe prints where to resume), and the launcher then ends the same
 * way, with the CLI's exit code or by the CLI's signal. The child gets a session of its own
 * so that a Ctrl-C at a terminal reaches it once, through here, not twice (the terminal
 * signals its whole foreground group): a second SIGINT would cut its clean stop short.
 * @param {string} node
 */
function handOver(node) {
  const child = spawn(node, [main, ...process.argv.slice(2)], { stdio: "inherit", detached: true });
  /** @type {NodeJS.Signals[]} */
  const forwarded = ["SIGINT", "SIGTERM", "SIGHUP"];
  /** @param {NodeJS.Signals} signal */
  const forward = (signal) => {
    child.kill(signal);
  };
  for (const signal of forwarded) process.on(signal, forward);
  child.on("error", (error) => {
    process.stderr.write(`onceport: could not start ${node}: ${error.message}\n`);
    process.exit(1);
  });
  child.on("exit", (code, signal) => {
    for (const name of forwarded) process.off(name, forward);
    if (signal === null) process.exit(code ?? 1);
    // Dies of the same signal, so a shell or supervisor sees what the CLI died of (the exit
    // code the shell shows for that, should the signal not end this process).
    process.kill(process.pid, signal);
    process.exit(128 + (constants.signals[signal] ?? 0));
  });
}
