import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const gatewaySrc = dirname(fileURLToPath(import.meta.resolve("@onceport/gateway")));
const gatewayMain = join(gatewaySrc, "main.ts");
// main.ts plus the test-only hooks (never in the built gateway): for the flags of `testFlags`.
const gatewayTestMain = join(gatewaySrc, "testing", "test-main.ts");

export interface GatewayProcessOptions {
  /** Gateway flags without the leading `--`, e.g. `{ "stream-commit-interval-ms": "10" }`. */
  readonly flags: Readonly<Record<string, string>>;
  readonly env?: Readonly<Record<string, string>>;
  /** Test-only hooks (e.g. `{ "test-disable-receipts": "true" }`): the gateway's test entry point runs. */
  readonly testFlags?: Readonly<Record<string, string>>;
  /** Node options before the script, e.g. `--cpu-prof`. */
  readonly nodeArgs?: readonly string[];
  /** Another gateway's main.ts (a copy with a change), to measure before against after in one run. */
  readonly main?: string;
}

/**
 * A gateway in a process of its own, started as users start it: the load
 * generator must not share the gateway's event loop, or it would measure
 * itself.
 */
export class GatewayProcess {
  readonly address: string;
  readonly child: ChildProcess;
  /** The first lines the gateway logged (start-up), one JSON object a line. */
  readonly startLog: readonly string[];
  private readonly exited: Promise<unknown>;

  private constructor(address: string, child: ChildProcess, exited: Promise<unknown>, startLog: string[]) {
    this.address = address;
    this.child = child;
    this.exited = exited;
    this.startLog = startLog;
  }

  static async start(options: GatewayProcessOptions): Promise<GatewayProcess> {
    const flags = { listen: "127.0.0.1:0", "log-level": "info", ...options.flags, ...options.testFlags };
    const hooked = Object.keys(options.testFlags ?? {}).length > 0;
    const child = spawn(
      process.execPath,
      [
        ...(options.nodeArgs ?? []),
        options.main ?? (hooked ? gatewayTestMain : gatewayMain),
        ...Object.entries(flags).flatMap(([k, v]) => [`--${k}`, v]),
      ],
      { env: { ...process.env, ...options.env }, stdio: ["ignore", "pipe", "pipe"] },
    );
    const exited = once(child, "exit");
    const output: string[] = [];
    child.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    const address = await new Promise<string>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
      lines.on("line", (line) => {
        // Only the first lines matter; later ones are read and dropped so the pipe never fills.
        if (output.length < 200) output.push(line);
        if (!line.includes("listening on")) return;
        const entry = JSON.parse(line) as { address?: string };
        if (entry.address) resolve(entry.address);
      });
      exited.then(
        ([code, signal]) =>
          reject(new Error(`the gateway exited (${code ?? signal}) before listening:\n${output.join("\n")}`)),
        reject,
      );
    });
    return new GatewayProcess(address, child, exited, output);
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error("the gateway process has no pid");
    return this.child.pid;
  }

  /** Graceful stop (SIGTERM), as an operator would; SIGKILL if it takes too long. */
  async stop(timeoutMs = 15_000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill("SIGTERM");
    const timer = setTimeout(() => this.child.kill("SIGKILL"), timeoutMs);
    try {
      await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}
