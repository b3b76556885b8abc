// @ts-check
// Provisions the code generators that buf.gen.polyglot.yaml runs, all from package
// registries (this machine reaches no buf remote plugin and no download site):
// - Go: protoc-gen-go and protoc-gen-go-grpc, built by `go install` from the Go module proxy;
// - Java: protoc itself and protoc-gen-grpc-java, executables published on Maven Central.
//   buf runs its `protoc_builtin` java and python generators through that protoc.
// Python's gRPC stubs need no plugin: libs/sdk-python binds grpcio to the service
// descriptor of the generated _pb2 module (see its README).
//
// Everything lands in the git-ignored .cache/protoc-plugins/bin, under names that carry the
// version, so a version bump here provisions anew and a finished download is never redone.
// Each file is written under a temporary name and renamed, so two concurrent runs never
// see a half-written plugin.
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const binDir = join(root, ".cache", "protoc-plugins", "bin");

/** One protobuf release for every language: protoc 33.x <-> protobuf-java 4.33.x <-> Python protobuf 6.33.x. */
export const PROTOC_VERSION = "4.33.5";
// The newest grpc-java whose linux-x86_64 plugin Maven Central served here (1.84.x and 1.85.x were missing).
export const GRPC_JAVA_VERSION = "1.83.0";
export const PROTOC_GEN_GO_VERSION = "v1.36.12";
export const PROTOC_GEN_GO_GRPC_VERSION = "v1.6.2";

/** @param {string} message */
function say(message) {
  process.stderr.write(`[codegen] ${message}\n`);
}

/**
 * Runs a tool; its output is shown only when it fails (Debian's Maven prints colour codes
 * even with -q and -Dstyle.color=never).
 * @param {string} command
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} [env]
 */
function run(command, args, env = process.env) {
  const result = spawnSync(command, args, {
    cwd: root,
    env,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (result.error) throw new Error(`could not run ${command}: ${result.error.message}`);
  if (result.status !== 0) {
    process.stderr.write(`${result.stdout}${result.stderr}`);
    throw new Error(`${command} ${args.join(" ")} failed with exit ${result.status}`);
  }
}

/**
 * Makes `bin/<name>` point at the versioned file, building it with `make(tempDir)` first when missing.
 * @param {string} name the name buf.gen.polyglot.yaml uses
 * @param {string} version
 * @param {(tempDir: string) => string} make returns the path of the made executable
 */
function provide(name, version, make) {
  const versioned = join(binDir, `${name}-${version}`);
  if (!existsSync(versioned)) {
    say(`provisioning ${name} ${version}`);
    mkdirSync(binDir, { recursive: true });
    const temp = mkdtempSync(join(binDir, `.${name}-`));
    try {
      const made = make(temp);
      chmodSync(made, 0o755);
      renameSync(made, versioned);
    } finally {
      rmSync(temp, { recursive: true, force: true });
    }
  }
  const link = join(binDir, name);
  const tempLink = `${link}.${process.pid}`;
  rmSync(tempLink, { force: true });
  symlinkSync(`${name}-${version}`, tempLink);
  renameSync(tempLink, link);
}

/**
 * @param {string} module
 * @param {string} version
 * @returns {(tempDir: string) => string}
 */
function goInstall(module, version) {
  return (temp) => {
    run("go", ["install", `${module}@${version}`], { ...process.env, GOBIN: temp, GOFLAGS: "-mod=mod" });
    return join(temp, module.split("/").at(-1) ?? module);
  };
}

/**
 * An executable artifact of Maven Central, fetched with Maven's own client.
 * @param {string} coordinates groupId:artifactId:version
 * @returns {(tempDir: string) => string}
 */
function mavenExe(coordinates) {
  const [groupId, artifactId, version] = coordinates.split(":");
  return (temp) => {
    run("mvn", [
      "-q",
      "-B",
      "-Dstyle.color=never",
      "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy",
      `-Dartifact=${groupId}:${artifactId}:${version}:exe:linux-x86_64`,
      `-DoutputDirectory=${temp}`,
      "-Dmdep.stripVersion=true",
      "-Dmdep.stripClassifier=true",
    ]);
    return join(temp, `${artifactId}.exe`);
  };
}

if (process.platform !== "linux" || process.arch !== "x64") {
  say(
    `the Maven Central executables provisioned here are linux-x86_64; this is ${process.platform}-${process.arch}`,
  );
}
provide("protoc", PROTOC_VERSION, mavenExe(`com.google.protobuf:protoc:${PROTOC_VERSION}`));
provide(
  "protoc-gen-grpc-java",
  GRPC_JAVA_VERSION,
  mavenExe(`io.grpc:protoc-gen-grpc-java:${GRPC_JAVA_VERSION}`),
);
provide(
  "protoc-gen-go",
  PROTOC_GEN_GO_VERSION,
  goInstall("google.golang.org/protobuf/cmd/protoc-gen-go", PROTOC_GEN_GO_VERSION),
);
provide(
  "protoc-gen-go-grpc",
  PROTOC_GEN_GO_GRPC_VERSION,
  goInstall("google.golang.org/grpc/cmd/protoc-gen-go-grpc", PROTOC_GEN_GO_GRPC_VERSION),
);
