// buildah and podman from Debian's packages, installed when missing so that a fresh machine
// builds the image with `npm run image` alone (the project's machines run as root).
import { run, runChecked } from "./run.ts";

async function installed(command: string): Promise<boolean> {
  return (await run("sh", ["-c", `command -v ${command}`])).status === 0;
}

/** Makes sure each command exists, installing its Debian package (apt-get, as root) when not. */
export async function ensureDebianTools(commands: readonly string[]): Promise<void> {
  const missing: string[] = [];
  for (const command of commands) if (!(await installed(command))) missing.push(command);
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `${missing.join(", ")} missing: install them (apt-get install -y ${missing.join(" ")}) or run as root`,
    );
  }
  process.stderr.write(`[image] installing ${missing.join(", ")} from Debian's packages\n`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  await runChecked("apt-get", ["update"], { env, inheritOutput: true });
  await runChecked("apt-get", ["install", "-y", ...missing], { env, inheritOutput: true });
}
