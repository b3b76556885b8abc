// Go: `go mod download` from the Go module proxy, then `go test -json`, whose events are
// both counted and shown as go test's usual output.
import { join } from "node:path";
import { withLock } from "../lock.ts";
import { FIXTURE_CACHE, REPO_ROOT } from "../paths.ts";
import { mustRun, runCommand } from "../run-command.ts";
import { countGoTestJson } from "../test-report.ts";
import type { LanguageSuite } from "./language.ts";

const packageDir = join(REPO_ROOT, "libs", "sdk-go");

/** Prints the Output of `go test -json` events as go test would, line by line. */
function echoGoTestOutput(): (chunk: string) => void {
  let pending = "";
  return (chunk) => {
    pending += chunk;
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      try {
        const event = JSON.parse(line) as { Output?: string };
        if (event.Output) process.stdout.write(event.Output);
      } catch {
        process.stdout.write(`${line}\n`);
      }
    }
  };
}

export const go: LanguageSuite = {
  name: "sdk-go",
  packageDir,
  prepare: () =>
    withLock(join(FIXTURE_CACHE, "locks", "go"), () =>
      mustRun("go", ["mod", "download"], { cwd: packageDir }),
    ),
  run: async (env) => {
    const { status, stdout } = await runCommand("go", ["test", "-json", "-count=1", "./..."], {
      cwd: packageDir,
      env,
      captureStdout: true,
      onStdout: echoGoTestOutput(),
    });
    return { status, counts: countGoTestJson(stdout) };
  },
};

/** Builds one of the module's programs into the fixture's cache; returns the binary's path. */
export async function buildGoProgram(pkg: string, name: string): Promise<string> {
  const output = join(FIXTURE_CACHE, "go-bin", name);
  await withLock(join(FIXTURE_CACHE, "locks", "go"), () =>
    mustRun("go", ["build", "-o", output, pkg], { cwd: packageDir }),
  );
  return output;
}
