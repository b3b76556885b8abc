// The continuous audit's Prometheus metrics, in a registry of its own (not prom-client's global
// one), served as text on /metrics.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Counter, Gauge, Registry } from "prom-client";

export class AuditMetrics {
  readonly registry = new Registry();
  readonly anomalies = new Gauge({
    name: "onceport_audit_anomalies",
    help: "Anomalies found so far, per check (duplicates, lostWrites, abortedVisible, order, unknownOutcomes, hangingTransactions)",
    labelNames: ["check"],
    registers: [this.registry],
  });
  readonly pass = new Gauge({
    name: "onceport_audit_pass",
    help: "1 while no anomaly has been found, else 0",
    registers: [this.registry],
  });
  readonly records = new Counter({
    name: "onceport_audit_records_read_total",
    help: "Records read with read_committed",
    registers: [this.registry],
  });
  readonly lsoLag = new Gauge({
    name: "onceport_audit_lso_lag",
    help: "High watermark minus last stable offset at the latest round (offsets held by open transactions)",
    labelNames: ["topic", "partition"],
    registers: [this.registry],
  });
  readonly rounds = new Counter({
    name: "onceport_audit_rounds_total",
    help: "Audit rounds completed",
    registers: [this.registry],
  });
  readonly roundErrors = new Counter({
    name: "onceport_audit_round_errors_total",
    help: "Audit rounds that failed (Kafka unreachable, a reader stalled)",
    registers: [this.registry],
  });
  readonly lastRound = new Gauge({
    name: "onceport_audit_last_round_timestamp_seconds",
    help: "When the latest round completed",
    registers: [this.registry],
  });
  readonly idsHeld = new Gauge({
    name: "onceport_audit_ids_held",
    help: "Message ids held in duplicate windows (bounded by the id window per topic)",
    registers: [this.registry],
  });
}

/** Serves GET /metrics; resolves with the address once listening. */
export async function serveMetrics(
  metrics: AuditMetrics,
  host: string,
  port: number,
): Promise<{ server: Server; address: string }> {
  const server = createServer((request, response) => {
    if (request.method !== "GET" || request.url?.split("?")[0] !== "/metrics") {
      response.writeHead(404).end("not found\n");
      return;
    }
    metrics.registry.metrics().then(
      (text) => response.writeHead(200, { "content-type": metrics.registry.contentType }).end(text),
      (error: unknown) => response.writeHead(500).end(`${String(error)}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return { server, address: `${host}:${address.port}` };
}
