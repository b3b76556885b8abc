// Where the fixture finds the gateway and keeps what it provisions: all under the repo's
// git-ignored .cache, so deleting that folder resets every language to a fresh machine.
import { join, resolve } from "node:path";

/** tools/gateway-fixture/src -> repo root. */
export const REPO_ROOT = resolve(import.meta.dirname, "..", "..", "..");

/**
 * The gateway's sources, found by path rather than as a package: the gateway's own tests use
 * this launcher, and a package dependency back on the gateway would make a cycle of the two.
 */
export const GATEWAY_SRC = join(REPO_ROOT, "apps", "gateway", "src");

/** Per-language caches (a Python venv, Maven and Go build state) and gateway logs. */
export const FIXTURE_CACHE = join(REPO_ROOT, ".cache", "gateway-fixture");

/** What tools/bootstrap/test.mjs sums into npm test's closing line. */
export const TEST_RESULTS_DIR = join(REPO_ROOT, ".cache", "test-results");
