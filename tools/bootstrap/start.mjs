// @ts-check
// `npm start`: the local Kafka broker (unless ONCEPORT_BROKERS names other
// brokers), then the gateway in the foreground; Ctrl-C stops the gateway
// gracefully and leaves the broker running (`npm run kafka -- stop` stops it).
import { spawn, spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

if (!process.env.ONCEPORT_BROKERS) {
  const kafka = spawnSync(process.execPath, [join(root, "tools/kafka/src/cli.ts"), "start"], {
    stdio: "inherit",
  });
  if (kafka.status !== 0) process.exit(kafka.status ?? 1);
}

const gateway = spawn(process.execPath, [join(root, "apps/gateway/src/main.ts"), ...process.argv.slice(2)], {
  stdio: "inherit",
});
for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM"])) {
  process.on(signal, () => gateway.kill(signal));
}
gateway.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
