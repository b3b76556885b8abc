import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Runs the platform's `openssl` (Debian ships 3.x), failing with its own words. */
export async function openssl(args: readonly string[], cwd: string): Promise<string> {
  try {
    const { stdout } = await run("openssl", [...args], { cwd, encoding: "utf8" });
    return stdout;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? "";
    throw new Error(`openssl ${args[0] ?? ""} failed: ${stderr.trim() || String(error)}`);
  }
}
