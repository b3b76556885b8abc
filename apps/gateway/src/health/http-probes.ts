import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "../logger.ts";

/** The HTTP probes' listener, for load balancers and kubelets that cannot speak gRPC health (TLS). */
export interface HttpProbes {
  /** host:port they listen on (the real port when 0 was asked). */
  readonly address: string;
  close(): Promise<void>;
}

/**
 * `/healthz`: 200 while the process serves HTTP at all (liveness). `/readyz`: 200 only while
 * `ready()` says the gateway would answer SERVING to grpc.health.v1, 503 otherwise (before
 * Kafka first answered, while it does not, and from the start of a graceful stop). Started
 * before the gateway connects to Kafka, so a starting gateway is alive but not ready.
 */
export async function startHttpProbes(
  listen: { readonly host: string; readonly port: number },
  ready: () => boolean,
  logger: Logger,
): Promise<HttpProbes> {
  const server = createServer((request, response) => {
    const path = (request.url ?? "").split("?")[0];
    if (request.method !== "GET" && request.method !== "HEAD") {
      answer(response, 405, "method not allowed", { allow: "GET, HEAD" });
    } else if (path === "/healthz") {
      answer(response, 200, "ok");
    } else if (path === "/readyz") {
      if (ready()) answer(response, 200, "SERVING");
      else answer(response, 503, "NOT_SERVING");
    } else {
      answer(response, 404, "not found: /healthz or /readyz");
    }
  });
  // A probe is one short request: keep-alive connections would only hold a stop back.
  server.keepAliveTimeout = 0;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(listen.port, listen.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const address = `${listen.host}:${port}`;
  logger.info({ probesAddress: address }, `HTTP probes on http://${address}/healthz and /readyz`);
  return {
    address,
    close: async () => {
      server.closeAllConnections();
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function answer(
  response: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, {
    "content-type": "text/plain; charset=utf-8",
    "cache-control": "no-store",
    ...headers,
  });
  response.end(`${body}\n`);
}
