import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { reasons } from "./reasons.ts";

// The Go, Java and Python SDKs name reasons through their generated enum only (proto/onceport/v1/
// reasons.proto): a reason written as a string literal in their code would not follow the proto.
// The TypeScript SDK may write literals: the Reason type checks each of them against the enum.
const libs = resolve(import.meta.dirname, "..", "..");
const sources = [
  { dir: join(libs, "sdk-go"), keep: (path: string) => path.endsWith(".go") && !path.endsWith("_test.go") },
  { dir: join(libs, "sdk-java", "src", "main"), keep: (path: string) => path.endsWith(".java") },
  { dir: join(libs, "sdk-python", "src"), keep: (path: string) => path.endsWith(".py") },
];
const skipped = new Set(["gen", "node_modules", "target", "examples"]);

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!skipped.has(entry.name)) yield* files(join(dir, entry.name));
    } else {
      yield join(dir, entry.name);
    }
  }
}

describe("the Go, Java and Python SDKs", () => {
  it("spell no reason by hand", () => {
    const literal = /["']([A-Z][A-Z0-9_]+)["']/g;
    const handWritten: string[] = [];
    for (const { dir, keep } of sources) {
      for (const file of files(dir)) {
        if (!keep(file)) continue;
        for (const [, word] of readFileSync(file, "utf8").matchAll(literal)) {
          if (word !== undefined && Object.hasOwn(reasons, word)) {
            handWritten.push(`${relative(libs, file)}: ${word}`);
          }
        }
      }
    }
    expect(handWritten).toEqual([]);
  });
});
