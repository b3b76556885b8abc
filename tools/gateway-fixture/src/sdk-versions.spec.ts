// The SDKs' versions have one home, the repository's VERSION: every package an SDK ships as
// (the npm packages, the Python wheel, the Java jar) must carry it. Each manifest keeps its own
// copy, since each packaging tool reads only its own file, and this test fails on any drift.
// (The Go module has no version in its files: Go takes it from the repository's tags.)
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "./paths.ts";

const version = readFileSync(join(REPO_ROOT, "VERSION"), "utf8").trim();

interface PackageJson {
  readonly name: string;
  readonly version?: string;
  readonly dependencies?: Record<string, string>;
}

function readJson(path: string): PackageJson {
  return JSON.parse(readFileSync(join(REPO_ROOT, path), "utf8")) as PackageJson;
}

/** Every workspace package's manifest by name (the root package.json's workspaces). */
function workspacePackages(): Map<string, string> {
  const byName = new Map<string, string>();
  for (const dir of ["apps", "libs", "tools"]) {
    for (const entry of readdirSync(join(REPO_ROOT, dir))) {
      const path = join(dir, entry, "package.json");
      if (existsSync(join(REPO_ROOT, path))) byName.set(readJson(path).name, path);
    }
  }
  byName.set(readJson("proto/package.json").name, "proto/package.json");
  return byName;
}

/**
 * The npm packages users install: the TypeScript SDK and the CLI, with the workspace packages
 * they depend on at run time (which ship with them); and the package.json of each other SDK.
 */
function npmManifests(): string[] {
  const workspace = workspacePackages();
  const shipped = new Set<string>();
  const visit = (path: string): void => {
    if (shipped.has(path)) return;
    shipped.add(path);
    for (const name of Object.keys(readJson(path).dependencies ?? {})) {
      const dependency = workspace.get(name);
      if (dependency) visit(dependency);
    }
  };
  visit("libs/sdk/package.json");
  visit("apps/cli/package.json");
  for (const sdk of ["sdk-python", "sdk-go", "sdk-java"]) shipped.add(`libs/${sdk}/package.json`);
  return [...shipped].sort();
}

describe("the SDKs' versions", () => {
  it("VERSION is one version", () => {
    expect(version).toMatch(/^\d+\.\d+\.\d+(?:[-.+][0-9A-Za-z.-]+)?$/);
  });

  it.each(npmManifests())("%s has VERSION", (path) => {
    expect(readJson(path).version).toBe(version);
  });

  it("the Python package (pyproject.toml) has VERSION", () => {
    const pyproject = readFileSync(join(REPO_ROOT, "libs/sdk-python/pyproject.toml"), "utf8");
    const project = pyproject.split(/^\[project\]$/m)[1]?.split(/^\[/m)[0] ?? "";
    expect(project.match(/^version\s*=\s*"([^"]*)"/m)?.[1]).toBe(version);
  });

  it("the Java artifact (pom.xml) has VERSION", () => {
    const pom = readFileSync(join(REPO_ROOT, "libs/sdk-java/pom.xml"), "utf8");
    expect(pom.match(/<artifactId>onceport-sdk<\/artifactId>\s*<version>([^<]*)<\/version>/)?.[1]).toBe(
      version,
    );
  });
});
