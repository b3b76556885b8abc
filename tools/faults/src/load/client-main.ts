// A load client in a process of its own, so that a scenario can kill it for real (SIGKILL,
// mid-transaction or mid-stream) and start it again with the same client id. Its argument
// is a ClientProcessSpec as JSON; it reports on stdout, one JSON object a line:
// {"acked": n, "stats": {...}} as it goes, then {"done": true, ...}.

import type { ClientProcessSpec } from "./client-process.ts";
import { LedgerFile, readLedgerFile } from "./ledger-file.ts";
import { LoadClient, type LoadHooks } from "./load-client.ts";
import { resumePoint } from "./resume.ts";

const spec = JSON.parse(process.argv[2] ?? "{}") as ClientProcessSpec;
const start = spec.resume ? resumePoint(spec.plan, readLedgerFile(spec.ledgerPath)) : { redo: [], from: 0 };
const ledger = new LedgerFile(spec.ledgerPath);

/** Dies as a crash would: no cleanup, no goodbye to the gateway. */
function die(): never {
  process.kill(process.pid, "SIGKILL");
  throw new Error("unreachable");
}

const hooks: LoadHooks = {
  midTransaction: (publish) => {
    if (spec.die?.at === "mid-transaction" && publish >= spec.die.publish) die();
  },
  submitted: (publish, inFlight) => {
    // With publishes unacknowledged, some of which may have committed (a paced stream seldom
    // has many in flight: after a while, one will do).
    if (spec.die?.at !== "mid-stream" || publish < spec.die.publish) return;
    if (inFlight >= 2 || (inFlight >= 1 && publish >= spec.die.publish + 10)) die();
  },
};

const client = new LoadClient({
  plan: spec.plan,
  address: spec.address,
  ledger,
  intents: true,
  deadlineMs: spec.deadlineMs,
  ...(spec.streamWindow === undefined ? {} : { streamWindow: spec.streamWindow }),
  ...(spec.publishesPerSecond === undefined ? {} : { publishesPerSecond: spec.publishesPerSecond }),
  redo: start.redo,
  from: start.from,
  hooks,
});

const report = (extra: Record<string, unknown> = {}) =>
  process.stdout.write(`${JSON.stringify({ acked: client.acked, stats: client.stats, ...extra })}\n`);
const timer = setInterval(() => report(), 100);
await client.run();
clearInterval(timer);
ledger.close();
report({
  done: true,
  ...(client.error === undefined ? {} : { error: client.error }),
  redo: start.redo.length,
});
