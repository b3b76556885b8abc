import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkBoundaries } from "../src/check.ts";
import { formatViolation } from "../src/violation.ts";

/** A workspace on disk from `files` (path -> content); package.json values are objects. */
function workspace(files: Record<string, string | object>): string {
  const root = mkdtempSync(join(tmpdir(), "boundaries-"));
  const all = { "package.json": { workspaces: ["apps/*", "libs/*", "tools/*"] }, ...files };
  for (const [path, content] of Object.entries(all)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), typeof content === "string" ? content : JSON.stringify(content));
  }
  return root;
}

const pkg = (name: string, kind: string, extra: object = {}) => ({
  name,
  nx: { tags: [`type:${kind}`] },
  ...extra,
});

const clean = {
  "apps/gw/package.json": pkg("gw", "app", { dependencies: { lib: "*", kafka: "*" } }),
  "apps/gw/src/main.ts":
    'import { thing } from "lib";\nimport "../test/support.ts";\nexport const x = thing;\n',
  "apps/gw/test/support.ts": 'import { fixture } from "tool";\nexport const y = fixture;\n',
  "libs/lib/package.json": pkg("lib", "lib", {
    dependencies: { "@scope/dep": "*" },
    devDependencies: { tool: "*" },
  }),
  "libs/lib/src/index.ts":
    'import { a } from "./a.ts";\nimport "@scope/dep/sub";\nimport "node:fs";\nexport { a };\n',
  "libs/lib/src/a.ts": "export const a = 1;\n",
  "libs/lib/src/a.spec.ts":
    'import { fixture } from "tool";\nimport { a } from "./a.ts";\nvoid [a, fixture];\n',
  "libs/kafka/package.json": pkg("kafka", "lib", { dependencies: { kafkajs: "*" } }),
  "libs/kafka/src/index.ts": 'import { Kafka } from "kafkajs";\nexport { Kafka };\n',
  "tools/tool/package.json": pkg("tool", "tool", { dependencies: { lib: "*" } }),
  "tools/tool/src/index.ts": 'export const fixture = "f";\n',
  // A nested tree with a package.json of its own is not the tool's source.
  "tools/tool/test/fixtures/package.json": {},
  "tools/tool/test/fixtures/bad.ts": 'import "kafkajs";\n',
};

describe("checkBoundaries", () => {
  it("passes a workspace that keeps its boundaries", () => {
    expect(checkBoundaries(workspace(clean)).map(formatViolation)).toEqual([]);
  });

  it("fails a lib that imports an app or a tool, by name or by path", () => {
    const root = workspace({
      ...clean,
      "libs/lib/src/a.ts":
        'import "gw";\nimport { fixture } from "../../../tools/tool/src/index.ts";\nexport const a = fixture;\n',
    });
    expect(checkBoundaries(root).map(formatViolation)).toEqual([
      'lib-imports-app-or-tool: libs/lib/src/a.ts:1: lib (lib) imports gw (app): "gw"',
      'lib-imports-app-or-tool: libs/lib/src/a.ts:2: lib (lib) imports tool (tool): "../../../tools/tool/src/index.ts"',
    ]);
  });

  it("fails published code that imports a devDependency or an undeclared package; dynamic imports too", () => {
    const root = workspace({
      ...clean,
      "libs/lib/src/a.ts":
        'import type { T } from "vitest";\nexport const a = async () => import("left-pad");\n',
      "libs/lib/package.json": pkg("lib", "lib", { devDependencies: { vitest: "*" } }),
    });
    expect(checkBoundaries(root).map(formatViolation)).toEqual([
      'dev-only-import-in-published-code: libs/lib/src/a.ts:1: "vitest" is only a devDependency of lib',
      'dev-only-import-in-published-code: libs/lib/src/a.ts:2: "left-pad" is not a dependency of lib',
      'dev-only-import-in-published-code: libs/lib/src/index.ts:2: "@scope/dep/sub" is not a dependency of lib',
    ]);
  });

  it("fails an import cycle between files, a type-only one too, and a cycle between src/ folders", () => {
    const root = workspace({
      ...clean,
      "apps/gw/src/one/a.ts": 'export { b } from "../two/b.ts";\nexport const a = 1;\n',
      "apps/gw/src/two/b.ts": 'import type { a } from "../one/a.ts";\nexport const b: typeof a = 2;\n',
    });
    expect(checkBoundaries(root).map(formatViolation)).toEqual([
      "import-cycle: apps/gw/src/one/a.ts: apps/gw/src/one/a.ts <-> apps/gw/src/two/b.ts",
      "folder-cycle: apps/gw/src/one: apps/gw/src/one <-> apps/gw/src/two",
    ]);
  });

  it("fails a Kafka client imported outside the Kafka layer, in any package, tests included", () => {
    const root = workspace({
      ...clean,
      "apps/gw/test/kafka.spec.ts": 'import { Kafka } from "kafkajs";\nvoid Kafka;\n',
      "tools/tool/src/raw.ts": 'export const load = () => import("kafkajs");\n',
    });
    expect(checkBoundaries(root).map(formatViolation)).toEqual([
      'kafka-client-outside-kafka-layer: apps/gw/test/kafka.spec.ts:1: imports "kafkajs"; Kafka clients are adapted only in libs/kafka',
      'kafka-client-outside-kafka-layer: tools/tool/src/raw.ts:1: imports "kafkajs"; Kafka clients are adapted only in libs/kafka',
    ]);
  });

  it("fails a package without a type tag", () => {
    const root = workspace({ ...clean, "tools/tool/package.json": { name: "tool" } });
    expect(checkBoundaries(root).map(formatViolation)).toEqual([
      'untagged-package: tools/tool: package.json has no nx.tags "type:app|lib|tool|test"',
    ]);
  });

  it("reads imports with the parser: an import in a comment or a string is none", () => {
    const root = workspace({
      ...clean,
      "libs/lib/src/a.ts": '// import "gw";\nexport const a = `import "kafkajs"`;\n',
    });
    expect(checkBoundaries(root)).toEqual([]);
  });
});
