// The gateway's settings, read from its source: the table in apps/gateway/src/config.ts and
// the security part it spreads in (src/auth/security-settings.ts). Read, not imported: the
// check must see what the gateway parses, without loading the gateway and its dependencies.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { REPO_ROOT } from "./paths.ts";

const sources = [
  join(REPO_ROOT, "apps", "gateway", "src", "config.ts"),
  join(REPO_ROOT, "apps", "gateway", "src", "auth", "security-settings.ts"),
];

export interface GatewaySettings {
  /** Flag name (without --) -> its environment variable. */
  readonly byFlag: ReadonlyMap<string, string>;
  /** Every ONCEPORT_* variable the gateway reads: the table's, and those read from the environment alone. */
  readonly envNames: ReadonlySet<string>;
}

/** Rows such as `"max-sessions": { env: "ONCEPORT_MAX_SESSIONS", default: ... }` or `auth: { env: ... }`. */
const row = /(?:"([a-z0-9-]+)"|\b([a-z][a-z0-9]*)):\s*\{\s*env:\s*"(ONCEPORT_[A-Z0-9_]+)"/g;
/** Variables read directly, such as `env.ONCEPORT_KAFKA_SASL_PASSWORD` (a secret: no flag). */
const direct = /\benv\.(ONCEPORT_[A-Z0-9_]+)/g;

export async function readGatewaySettings(): Promise<GatewaySettings> {
  const byFlag = new Map<string, string>();
  const envNames = new Set<string>();
  for (const file of sources) {
    const text = await readFile(file, "utf8");
    for (const match of text.matchAll(row)) {
      const flag = match[1] ?? match[2];
      const env = match[3];
      if (flag === undefined || env === undefined) continue;
      byFlag.set(flag, env);
      envNames.add(env);
    }
    for (const match of text.matchAll(direct)) if (match[1] !== undefined) envNames.add(match[1]);
  }
  if (byFlag.size < 20)
    throw new Error(`found only ${byFlag.size} settings in ${sources.join(", ")}: has the table moved?`);
  return { byFlag, envNames };
}
