import { mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { ensureJaegerBinary } from "./build.ts";
import { jaegerStatus, startJaeger, stopJaeger } from "./jaeger-process.ts";
import { fetchTrace, findTraces } from "./jaeger-query.ts";
import { logFile, ports } from "./paths.ts";
import { renderTraceSvg } from "./render-trace.ts";

const help = `Usage: npm run jaeger -- <command>

Runs a real Jaeger v2 (built once from the Go module proxy) on this machine:
in-memory storage, OTLP gRPC ${ports.otlpGrpc}, OTLP HTTP ${ports.otlpHttp}, query API ${ports.query}.

Commands:
  build    build Jaeger if it is not built yet
  start    start Jaeger, or reuse a running one
  stop     stop the Jaeger this checkout started
  status   running or not
  render <trace id> [out.svg]
           draw one trace as an SVG timeline (the source build has no UI)
  render --latest <service> [out.svg]
           the same, for the latest trace of a service (e.g. onceport-gateway)
           that wrote to Kafka
`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { help: { type: "boolean" }, latest: { type: "string" } },
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
    case "render":
      return render(values.latest, positionals.slice(1));
    case "help":
      process.stdout.write(help);
      return 0;
    default:
      process.stderr.write(help);
      return 2;
  }
}

/** The latest trace of a service that wrote to Kafka, else its latest trace. */
async function latestTrace(service: string): Promise<string | undefined> {
  const traces = await findTraces(service);
  return (traces.find((found) => found.producers > 0) ?? traces[0])?.traceId;
}

async function render(latestOf: string | undefined, args: string[]): Promise<number> {
  let traceId = latestOf === undefined ? args.shift() : await latestTrace(latestOf);
  if (!traceId) {
    process.stderr.write(
      latestOf === undefined ? help : `Jaeger has no trace of ${latestOf} in the last hour\n`,
    );
    return 2;
  }
  traceId = traceId.toLowerCase();
  const spans = await fetchTrace(traceId);
  if (spans.length === 0) {
    process.stderr.write(`Jaeger has no trace ${traceId}\n`);
    return 1;
  }
  const out = resolve(process.env.INIT_CWD ?? process.cwd(), args[0] ?? `trace-${traceId}.svg`);
  await mkdir(dirname(out), { recursive: true });
  const root = spans.find((span) => !spans.some((parent) => parent.spanId === span.parentSpanId));
  await writeFile(out, renderTraceSvg(spans, `${root?.service ?? "?"}: ${root?.name ?? "?"}`));
  process.stdout.write(`${out}\n`);
  return 0;
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
