// Java: Maven resolves from Maven Central and runs `mvn verify`: the JUnit suite with Surefire,
// then the jar and sources jar, then the tests of the packaged jar (*IT) with Failsafe; both
// report XML, which is counted. Builds of the one target/ folder are serialised by a lock.
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { withLock } from "../lock.ts";
import { FIXTURE_CACHE, REPO_ROOT } from "../paths.ts";
import { mustRun, runCommand } from "../run-command.ts";
import { addCounts, countJunitXml, noTests } from "../test-report.ts";
import type { LanguageSuite } from "./language.ts";

const packageDir = join(REPO_ROOT, "libs", "sdk-java");
const reportsDirs = ["surefire-reports", "failsafe-reports"].map((name) => join(packageDir, "target", name));
const lock = join(FIXTURE_CACHE, "locks", "java");

/** Batch mode without colours (Debian's Maven prints them even in batch mode) or download progress. */
const mavenFlags = ["-B", "-Dstyle.color=never", "--no-transfer-progress"];

export const java: LanguageSuite = {
  name: "sdk-java",
  packageDir,
  // Maven resolves what it needs as part of the test run itself.
  prepare: async () => {},
  run: (env) =>
    withLock(lock, async () => {
      for (const dir of reportsDirs) rmSync(dir, { recursive: true, force: true });
      const { status } = await runCommand("mvn", [...mavenFlags, "verify"], { cwd: packageDir, env });
      let counts = noTests();
      for (const dir of reportsDirs.filter((dir) => existsSync(dir))) {
        for (const file of readdirSync(dir).filter((name) => /^TEST-.*\.xml$/.test(name))) {
          counts = addCounts(counts, countJunitXml(readFileSync(join(dir, file), "utf8")));
        }
      }
      return { status, counts };
    }),
};

/**
 * Compiles the SDK and its tests and returns the `java` arguments that put them and every
 * test dependency on the class path, for running one of the test sources' main classes.
 */
export async function javaTestClasspath(): Promise<string> {
  const classpathFile = join(packageDir, "target", "test-classpath.txt");
  await withLock(lock, () =>
    mustRun(
      "mvn",
      [
        ...mavenFlags,
        "-q",
        "test-compile",
        "dependency:build-classpath",
        "-Dmdep.includeScope=test",
        `-Dmdep.outputFile=${classpathFile}`,
      ],
      { cwd: packageDir },
    ),
  );
  return [
    join(packageDir, "target", "test-classes"),
    join(packageDir, "target", "classes"),
    readFileSync(classpathFile, "utf8").trim(),
  ].join(":");
}
