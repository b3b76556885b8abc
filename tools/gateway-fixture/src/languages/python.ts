// Python: a venv under .cache with the dependencies pyproject.toml declares (runtime, test
// and the optional OpenTelemetry API), then pytest. The SDK itself is not installed: pytest
// (and the cross-language steps) import it from src/ and gen/ by PYTHONPATH, so an edit
// needs no reinstall.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { withLock } from "../lock.ts";
import { FIXTURE_CACHE, REPO_ROOT } from "../paths.ts";
import { mustRun, runCommand } from "../run-command.ts";
import { countJunitXml, noTests } from "../test-report.ts";
import type { LanguageSuite } from "./language.ts";

const packageDir = join(REPO_ROOT, "libs", "sdk-python");
const venv = join(FIXTURE_CACHE, "python-venv");
export const venvPython = join(venv, "bin", "python");
const stampFile = join(venv, ".onceport-installed");

/** The environment that lets the venv's Python import the SDK from the working tree. */
export function pythonEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return {
    ...env,
    PYTHONPATH: [join(packageDir, "src"), join(packageDir, "gen")].join(":"),
    PYTHONDONTWRITEBYTECODE: "1",
  };
}

// Reads the dependency lists with the standard library's tomllib (Python >= 3.11), so the
// venv holds exactly what pyproject.toml says, and nothing needs building.
const listDependencies = `
import sys, tomllib
project = tomllib.load(open(sys.argv[1], "rb"))["project"]
extras = project.get("optional-dependencies", {})
print("\\n".join(project.get("dependencies", []) + extras.get("test", []) + extras.get("otel", [])))
`;

async function prepare(): Promise<void> {
  const pyproject = readFileSync(join(packageDir, "pyproject.toml"));
  const stamp = createHash("sha256").update(pyproject).digest("hex");
  if (existsSync(stampFile) && readFileSync(stampFile, "utf8") === stamp) return;
  await withLock(join(FIXTURE_CACHE, "locks", "python"), async () => {
    if (existsSync(stampFile) && readFileSync(stampFile, "utf8") === stamp) return;
    process.stderr.write("[fixture] creating the Python venv (.cache/gateway-fixture/python-venv)\n");
    rmSync(venv, { recursive: true, force: true });
    await mustRun("python3", ["-m", "venv", venv], { cwd: packageDir });
    const requirements = join(venv, "requirements.txt");
    const listed = await runCommand(
      venvPython,
      ["-c", listDependencies, join(packageDir, "pyproject.toml")],
      {
        cwd: packageDir,
        captureStdout: true,
      },
    );
    if (listed.status !== 0) throw new Error("could not read the dependencies of pyproject.toml");
    writeFileSync(requirements, listed.stdout);
    await mustRun(
      venvPython,
      ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", requirements],
      { cwd: packageDir },
    );
    writeFileSync(stampFile, stamp);
  });
}

export const python: LanguageSuite = {
  name: "sdk-python",
  packageDir,
  prepare,
  run: async (env) => {
    const junit = join(FIXTURE_CACHE, `pytest-${process.pid}.xml`);
    const { status } = await runCommand(venvPython, ["-m", "pytest", "-q", `--junitxml=${junit}`], {
      cwd: packageDir,
      env: pythonEnv(env),
    });
    const counts = existsSync(junit) ? countJunitXml(readFileSync(junit, "utf8")) : noTests();
    rmSync(junit, { force: true });
    return { status, counts };
  },
};
