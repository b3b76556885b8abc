// @ts-check
// What `npm ci` needs to build @confluentinc/kafka-javascript (librdkafka) from source.
//
// Its install script downloads a prebuilt addon and builds one when it cannot (no network
// beyond the package registries here). The build links the bundled librdkafka against the
// system's SSL, compression and SASL libraries (CKJS_LINKING=dynamic) and compiles against
// the headers of the Node that will load the addon: node-gyp would otherwise download them.
// Plain JavaScript without dependencies, like run.mjs.
import { spawnSync } from "node:child_process";
import { existsSync, realpathSync } from "node:fs";
import { dirname, join } from "node:path";

/** @type {[string, string[]][]} A Debian package, and the files of which one shows it is installed. */
const systemLibraries = [
  ["libssl-dev", ["/usr/include/openssl/ssl.h"]],
  ["zlib1g-dev", ["/usr/include/zlib.h"]],
  ["libzstd-dev", ["/usr/include/zstd.h"]],
  ["libsasl2-dev", ["/usr/include/sasl/sasl.h"]],
  [
    "libcurl4-openssl-dev",
    [
      `/usr/include/${process.arch === "arm64" ? "aarch64" : "x86_64"}-linux-gnu/curl/curl.h`,
      "/usr/include/curl/curl.h",
    ],
  ],
  ["liblz4-dev", ["/usr/include/lz4.h"]],
  ["g++", ["/usr/bin/g++"]],
  ["make", ["/usr/bin/make"]],
];

/** @param {string} message */
function say(message) {
  process.stderr.write(`[onceport] ${message}\n`);
}

/** Installs the missing system libraries with apt-get when running as root; says what is missing otherwise. */
function ensureSystemLibraries() {
  const missing = systemLibraries
    .filter(([, files]) => !files.some((file) => existsSync(file)))
    .map(([name]) => name);
  if (missing.length === 0) return;
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !existsSync("/usr/bin/apt-get")) {
    say(
      `building librdkafka needs these system packages: ${missing.join(" ")}. ` +
        "Install them (Debian/Ubuntu: sudo apt-get install -y ...) and run the command again.",
    );
    return;
  }
  say(`installing the system libraries librdkafka builds against: ${missing.join(" ")}`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const update = spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
  const install = spawnSync("apt-get", ["install", "-y", "-qq", ...missing], { stdio: "inherit", env });
  if (update.status !== 0 || install.status !== 0) {
    say(`apt-get could not install ${missing.join(" ")}: the librdkafka build will fail`);
  }
}

/**
 * The folder holding `include/node/node.h` for the Node in `nodeDir`: beside a normal
 * installation's bin/, or in the platform package that the `node` npm package installs.
 * @param {string} nodeDir
 * @returns {string | undefined}
 */
function nodeHeaders(nodeDir) {
  const binary = realpathSync(join(nodeDir, "node"));
  const candidates = [
    dirname(dirname(binary)),
    join(dirname(dirname(nodeDir)), "node_modules", `node-${process.platform}-${process.arch}`),
    join(dirname(nodeDir), "node_modules", `node-${process.platform}-${process.arch}`),
  ];
  return candidates.find((dir) => existsSync(join(dir, "include", "node", "node.h")));
}

/**
 * The environment `npm ci` runs in, with what the librdkafka build needs.
 * @param {string} nodeDir
 * @param {NodeJS.ProcessEnv} env
 * @returns {NodeJS.ProcessEnv}
 */
export function nativeBuildEnv(nodeDir, env) {
  ensureSystemLibraries();
  const headers = nodeHeaders(nodeDir);
  return {
    ...env,
    CKJS_LINKING: env.CKJS_LINKING ?? "dynamic",
    // Always these headers: an `npm run` around us passes its own npm_config_nodedir on (Debian's
    // npm says /usr, the system Node's), and an addon built against another Node's headers
    // fails to load (NODE_MODULE_VERSION 115 against 137, seen in a fresh clone's CI).
    ...(headers ? { npm_config_nodedir: headers } : {}),
  };
}
