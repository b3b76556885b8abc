// Python: a venv under .cache with the dependencies pyproject.toml declares (runtime, test
// and the optional OpenTelemetry API), then pytest. The SDK itself is not installed: pytest
// (and the cross-language steps) import it from src/ and gen/ by PYTHONPATH, so an edit
// needs no reinstall. Beside it, a wheelhouse of what building and installing the SDK's
// wheel needs (its runtime dependencies and build backend), so that the test that builds the
// wheel and installs it in a fresh venv runs without an index, in a network namespace too.
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
const wheelhouse = join(FIXTURE_CACHE, "python-wheelhouse");
const wheelhouseStamp = join(wheelhouse, ".onceport-downloaded");

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

// What a fresh venv needs to install the wheel, and an isolated build to make it.
const listPackaging = `
import sys, tomllib
pyproject = tomllib.load(open(sys.argv[1], "rb"))
print("\\n".join(pyproject["project"].get("dependencies", []) + pyproject["build-system"]["requires"]))
`;

function isStamped(file: string, stamp: string): boolean {
  return existsSync(file) && readFileSync(file, "utf8") === stamp;
}

async function prepare(): Promise<void> {
  const pyproject = readFileSync(join(packageDir, "pyproject.toml"));
  const stamp = createHash("sha256").update(pyproject).digest("hex");
  await prepareVenv(stamp);
  await prepareWheelhouse(stamp);
}

async function prepareWheelhouse(stamp: string): Promise<void> {
  if (isStamped(wheelhouseStamp, stamp)) return;
  await withLock(join(FIXTURE_CACHE, "locks", "python"), async () => {
    if (isStamped(wheelhouseStamp, stamp)) return;
    process.stderr.write(
      "[fixture] downloading the Python wheelhouse (.cache/gateway-fixture/python-wheelhouse)\n",
    );
    rmSync(wheelhouse, { recursive: true, force: true });
    const listed = await runCommand(venvPython, ["-c", listPackaging, join(packageDir, "pyproject.toml")], {
      cwd: packageDir,
      captureStdout: true,
    });
    if (listed.status !== 0) throw new Error("could not read the packaging requirements of pyproject.toml");
    const requirements = join(FIXTURE_CACHE, "python-wheelhouse-requirements.txt");
    writeFileSync(requirements, listed.stdout);
    await mustRun(
      venvPython,
      [
        "-m",
        "pip",
        "download",
        "--quiet",
        "--disable-pip-version-check",
        "--dest",
        wheelhouse,
        "-r",
        requirements,
      ],
      { cwd: packageDir },
    );
    writeFileSync(wheelhouseStamp, stamp);
  });
}

async function prepareVenv(stamp: string): Promise<void> {
  if (isStamped(stampFile, stamp)) return;
  await withLock(join(FIXTURE_CACHE, "locks", "python"), async () => {
    if (isStamped(stampFile, stamp)) return;
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
      env: { ...pythonEnv(env), ONCEPORT_PYTHON_WHEELHOUSE: wheelhouse },
    });
    const counts = existsSync(junit) ? countJunitXml(readFileSync(junit, "utf8")) : noTests();
    rmSync(junit, { force: true });
    return { status, counts };
  },
};
