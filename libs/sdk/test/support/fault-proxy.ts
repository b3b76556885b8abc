import { createServer, type Server, Socket } from "node:net";

/**
 * A TCP proxy between the SDK and a gateway that can lose an answer: once
 * armed, the first sizeable chunk the gateway sends back is dropped and both
 * sides of the connection are reset, as a network failure right after the
 * gateway committed would do. Small chunks (HTTP/2 SETTINGS, PING and
 * WINDOW_UPDATE frames, at most 17 bytes) still pass, so the cut falls on a
 * real response. The upstream can be switched, like a load balancer moving
 * the client to another gateway.
 */
export class FaultProxy {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private upstream: string;
  private armed = false;
  /** How many answers were cut so far. */
  cuts = 0;

  private constructor(server: Server, upstream: string) {
    this.server = server;
    this.upstream = upstream;
    server.on("connection", (client) => this.pipe(client));
  }

  static async start(upstream: string): Promise<FaultProxy> {
    const server = createServer();
    const proxy = new FaultProxy(server, upstream);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return proxy;
  }

  get address(): string {
    const bound = this.server.address();
    if (!bound || typeof bound === "string") throw new Error("the proxy is not listening");
    return `127.0.0.1:${bound.port}`;
  }

  /** Cut the next answer. */
  arm(): void {
    this.armed = true;
  }

  /** Sends new connections to another gateway. */
  retarget(upstream: string): void {
    this.upstream = upstream;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private pipe(client: Socket): void {
    const [host, port] = splitAddress(this.upstream);
    const gateway = new Socket();
    this.sockets.add(client);
    this.sockets.add(gateway);
    const forget = (socket: Socket) => () => this.sockets.delete(socket);
    client.on("close", forget(client));
    gateway.on("close", forget(gateway));
    const reset = () => {
      for (const socket of [client, gateway]) if (!socket.destroyed) socket.resetAndDestroy();
    };
    client.on("error", reset);
    gateway.on("error", reset);
    client.on("data", (chunk) => gateway.write(chunk));
    gateway.on("data", (chunk) => {
      if (this.armed && chunk.length > 17) {
        this.armed = false;
        this.cuts++;
        reset();
        return;
      }
      client.write(chunk);
    });
    client.on("end", () => gateway.end());
    gateway.on("end", () => client.end());
    gateway.connect(port, host);
  }
}

function splitAddress(address: string): [string, number] {
  const colon = address.lastIndexOf(":");
  return [address.slice(0, colon), Number(address.slice(colon + 1))];
}
