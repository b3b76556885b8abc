// Reads the end of a (possibly large) log file without loading all of it.
import { open } from "node:fs/promises";

/** The last `lines` lines of `file`, or "" when it does not exist. Reads at most the last 256 KiB. */
export async function tailFile(file: string, lines = 40): Promise<string> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, "r");
  } catch {
    return "";
  }
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, 256 * 1024);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    const text = buffer.toString("utf8").replace(/\n$/, "");
    return text.split("\n").slice(-lines).join("\n");
  } finally {
    await handle.close();
  }
}
