// A gateway as operators run it (`node apps/gateway/src/main.ts --flags`), in a process of
// its own so that a scenario can SIGKILL, SIGTERM, SIGSTOP and SIGCONT it. Its log (JSON lines)
// goes to a file in the run's work directory. A gateway given test flags (fault hooks) runs
// the gateway's test entry point instead (src/testing/test-main.ts: main.ts plus the hooks),
// which the production build does not contain.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const gatewaySrc = dirname(fileURLToPath(import.meta.resolve("@onceport/gateway")));
const gatewayMain = join(gatewaySrc, "main.ts");
const gatewayTestMain = join(gatewaySrc, "testing", "test-main.ts");

export interface GatewayProcessOptions {
  /** Flags without the leading `--`. */
  readonly flags: Readonly<Record<string, string>>;
  readonly env?: Readonly<Record<string, string>>;
  /** Test-only fault hooks (`test-crash-after-commit-of-key`, `test-disable-receipts`), without `--`. */
  readonly testFlags?: Readonly<Record<string, string>>;
  readonly logFile: string;
  readonly startTimeoutMs?: number;
}

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export class GatewayProcess {
  readonly address: string;
  readonly exited: Promise<Exit>;
  private readonly child: ChildProcess;

  private constructor(address: string, child: ChildProcess, exited: Promise<Exit>) {
    this.address = address;
    this.child = child;
    this.exited = exited;
  }

  static async start(options: GatewayProcessOptions): Promise<GatewayProcess> {
    const flags = { listen: "127.0.0.1:0", "log-level": "info", ...options.flags, ...options.testFlags };
    const entry = Object.keys(options.testFlags ?? {}).length > 0 ? gatewayTestMain : gatewayMain;
    const child = spawn(
      process.execPath,
      [entry, ...Object.entries(flags).flatMap(([name, value]) => [`--${name}`, value])],
      { env: { ...process.env, ...options.env }, stdio: ["ignore", "pipe", "pipe"] },
    );
    const log = createWriteStream(options.logFile, { flags: "a" });
    child.stderr?.pipe(log, { end: false });
    const exited = once(child, "exit").then(([code, signal]) => {
      log.end();
      return { code, signal } as Exit;
    });
    const startTimeoutMs = options.startTimeoutMs ?? 90_000;
    const address = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        reject(new Error(`the gateway did not listen within ${startTimeoutMs} ms (log: ${options.logFile})`));
      }, startTimeoutMs);
      createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
        log.write(`${line}\n`);
        if (!line.includes("listening on")) return;
        try {
          const entry = JSON.parse(line) as { address?: string };
          if (entry.address) {
            clearTimeout(timer);
            resolve(entry.address);
          }
        } catch {
          // not a log object
        }
      });
      exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(
          new Error(`the gateway exited (${code ?? signal}) before listening (log: ${options.logFile})`),
        );
      }, reject);
    });
    return new GatewayProcess(address, child, exited);
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  signal(signal: NodeJS.Signals): void {
    if (this.alive) this.child.kill(signal);
  }

  /** SIGKILL, and wait until it is gone. */
  async kill(): Promise<Exit> {
    this.signal("SIGCONT"); // a stopped process dies of SIGKILL too, but reap it promptly
    this.signal("SIGKILL");
    return await this.exited;
  }

  /** SIGTERM (the gateway's graceful stop); SIGKILL if it takes longer than `timeoutMs`. */
  async terminate(timeoutMs = 30_000): Promise<Exit> {
    this.signal("SIGTERM");
    const timer = setTimeout(() => this.signal("SIGKILL"), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}
