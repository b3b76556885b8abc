// The shared libraries a binary needs, as the dynamic loader finds them on this machine: the
// image has no distribution under it, so Node and each native addon bring their own.
import { runChecked } from "./run.ts";

/** `libfoo.so.1 => /lib/x86_64-linux-gnu/libfoo.so.1 (0x...)` or `/lib64/ld-linux-x86-64.so.2 (0x...)`. */
const resolvedLine = /^\s*(?:\S+\s+=>\s+)?(\/\S+)\s+\(0x[0-9a-f]+\)\s*$/;
const missingLine = /^\s*(\S+)\s+=>\s+not found\s*$/;

/** Absolute paths of every library `ldd` lists for these files (the loader included). */
export async function sharedLibraries(files: readonly string[]): Promise<string[]> {
  const libraries = new Set<string>();
  for (const file of files) {
    const output = await runChecked("ldd", [file]);
    for (const line of output.split("\n")) {
      const missing = missingLine.exec(line);
      if (missing) throw new Error(`${file} needs ${missing[1]}, which this machine does not have`);
      const path = resolvedLine.exec(line)?.[1];
      if (path !== undefined) libraries.add(path);
    }
  }
  return [...libraries].sort();
}
