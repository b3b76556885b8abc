import { parseArgs } from "node:util";
import { ensureJaegerBinary } from "./build.ts";
import { jaegerStatus, startJaeger, stopJaeger } from "./jaeger-process.ts";
import { logFile, ports } from "./paths.ts";

const help = `Usage: npm run jaeger -- <command>

Runs a real Jaeger v2 (built once from the Go module proxy) on this machine:
in-memory storage, OTLP gRPC ${ports.otlpGrpc}, OTLP HTTP ${ports.otlpHttp}, query API ${ports.query}.

Commands:
  build    build Jaeger if it is not built yet
  start    start Jaeger, or reuse a running one
  stop     stop the Jaeger this checkout started
  status   running or not
`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { help: { type: "boolean" } },
  });
  const log = (line: string) => process.stderr.write(`${line}\n`);
  switch (values.help ? "help" : positionals[0]) {
    case "build":
      process.stdout.write(`${await ensureJaegerBinary(log)}\n`);
      return 0;
    case "start": {
      const { startedHere } = await startJaeger(log);
      process.stdout.write(
        `Jaeger ${startedHere ? "started" : "already running"}: OTLP http://127.0.0.1:${ports.otlpHttp}, ` +
          `query API http://127.0.0.1:${ports.query}/api/v3/services (logs ${logFile})\n`,
      );
      return 0;
    }
    case "stop":
      process.stdout.write(
        (await stopJaeger()) ? "Jaeger stopped\n" : "no Jaeger of this checkout was running\n",
      );
      return 0;
    case "status": {
      const status = await jaegerStatus();
      process.stdout.write(
        `${status.running ? "running" : "stopped"}${status.pid ? ` (pid ${status.pid})` : ""}\n`,
      );
      return status.running ? 0 : 1;
    }
    case "help":
      process.stdout.write(help);
      return 0;
    default:
      process.stderr.write(help);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
