import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { type GatewayProcess, gatewayEntryPoints, launchGateway } from "@onceport/gateway-fixture/launcher";

export type { GatewayProcess } from "@onceport/gateway-fixture/launcher";

export interface RunningProcess {
  readonly child: ChildProcess;
  /** Every stdout line so far. */
  readonly lines: string[];
  /** Resolves with the first stdout line `test` accepts. */
  waitForLine(test: (line: string) => boolean, timeoutMs?: number): Promise<string>;
  /** SIGTERM (they flush their spans on it), then waits for the exit. */
  stop(): Promise<void>;
}

function run(args: string[], env: Record<string, string>): RunningProcess {
  const child = spawn(process.execPath, args, {
    // `--import @onceport/tracing/register` resolves from here, as it would in the workspace.
    cwd: join(import.meta.dirname, "..", ".."),
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = once(child, "exit");
  const lines: string[] = [];
  const waiters = new Set<{ test: (line: string) => boolean; resolve: (line: string) => void }>();
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
    lines.push(line);
    for (const waiter of waiters) {
      if (!waiter.test(line)) continue;
      waiters.delete(waiter);
      waiter.resolve(line);
    }
  });
  return {
    child,
    lines,
    waitForLine(test, timeoutMs = 30_000) {
      const seen = lines.find(test);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise<string>((resolve, reject) => {
        const waiter = { test, resolve };
        waiters.add(waiter);
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no such line within ${timeoutMs} ms; got:\n${lines.join("\n")}`));
        }, timeoutMs);
        exited.then(
          () => reject(new Error(`the process exited; it wrote:\n${lines.join("\n")}`)),
          () => {},
        );
        waiter.resolve = (line) => {
          clearTimeout(timer);
          resolve(line);
        };
      });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

/**
 * The gateway as `npm start` runs it: its own Node process, telemetry loaded
 * by `--import` before grpc-js and the Kafka client; configured by flags and OTEL_*.
 */
export async function startGatewayProcess(
  flags: Record<string, string>,
  env: Record<string, string>,
): Promise<GatewayProcess> {
  return await launchGateway({ flags, env, nodeArgs: ["--import", gatewayEntryPoints.telemetry] });
}

/** The plain Kafka consumer of ./kafka-consumer.ts, telemetry by `--import @onceport/tracing/register`. */
export function startKafkaConsumer(topic: string, env: Record<string, string>): RunningProcess {
  return run(
    ["--import", "@onceport/tracing/register", join(import.meta.dirname, "kafka-consumer.ts"), topic],
    env,
  );
}

/** A TCP port free right now on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}
