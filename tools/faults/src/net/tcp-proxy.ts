// A TCP proxy of the project's own that hurts the traffic it carries, on command from this
// process: added latency, a blackhole (connections accepted, nothing forwarded until it heals),
// and connection resets (RST, `socket.resetAndDestroy()`). The fault suite puts one in front of
// each broker (the brokers advertise the proxies' ports: tools/kafka's PROXIED listener) and
// one per load client in front of the gateways, where it plays the load balancer that moves a
// client to another gateway (`upstream`).
import { createServer, type Server, Socket } from "node:net";
import { abortSocket } from "./abort-socket.ts";
import { splitAddress } from "./address.ts";

export interface TcpProxyStats {
  /** Connections accepted since the start. */
  readonly accepted: number;
  /** Connections open now. */
  readonly open: number;
  /** Connections reset on purpose (resetAll). */
  readonly reset: number;
  /** Connections whose upstream could not be reached (it was down): the client side was reset. */
  readonly upstreamFailures: number;
}

/** What a Flow needs to know about its proxy's faults. */
interface FaultState {
  readonly stalled: boolean;
  /** The delay for the next chunk, 0 when no latency is set. */
  delayMs(): number;
}

/**
 * One direction of a connection. Chunks go straight through unless latency is set, the
 * proxy is blackholed, or earlier chunks still wait: then they queue, each due after its
 * delay but never before the chunk ahead of it, so the byte stream keeps its order.
 */
class Flow {
  private readonly queue: { chunk: Buffer; due: number }[] = [];
  private lastDue = 0;
  private timer: NodeJS.Timeout | undefined;
  private ending: (() => void) | undefined;
  private draining = false;
  private readonly source: Socket;
  private readonly target: Socket;
  private readonly faults: FaultState;

  constructor(source: Socket, target: Socket, faults: FaultState) {
    this.source = source;
    this.target = target;
    this.faults = faults;
    source.on("data", (chunk: Buffer) => this.receive(chunk));
  }

  /** Ends the target once everything queued went out, then runs `then`. */
  finish(then: () => void): void {
    this.ending = then;
    this.pump();
  }

  /** Reads again after a blackhole, unless the target still pushes back. */
  resume(): void {
    if (!this.target.writableNeedDrain && !this.source.destroyed) this.source.resume();
    this.pump();
  }

  drop(): void {
    clearTimeout(this.timer);
    this.queue.length = 0;
  }

  private receive(chunk: Buffer): void {
    const delay = this.faults.delayMs();
    if (!this.faults.stalled && delay === 0 && this.queue.length === 0) {
      this.write(chunk);
      return;
    }
    this.lastDue = Math.max(this.lastDue, Date.now() + delay);
    this.queue.push({ chunk, due: this.lastDue });
    this.pump();
  }

  private pump(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.faults.stalled) return; // heal() pumps again
    const now = Date.now();
    while (this.queue.length > 0 && (this.queue[0]?.due ?? 0) <= now) {
      const head = this.queue.shift();
      if (head) this.write(head.chunk);
    }
    const next = this.queue[0];
    if (next) {
      this.timer = setTimeout(() => this.pump(), next.due - now);
      return;
    }
    if (this.ending) {
      const then = this.ending;
      this.ending = undefined;
      then();
    }
  }

  private write(chunk: Buffer): void {
    if (this.target.destroyed) return;
    if (!this.target.write(chunk) && !this.draining) {
      // Backpressure: stop reading until the target drained (TCP flow control does the rest).
      this.draining = true;
      this.source.pause();
      this.target.once("drain", () => {
        this.draining = false;
        if (!this.faults.stalled && !this.source.destroyed) this.source.resume();
      });
    }
  }
}

/** A client connection and its upstream connection. */
class Link {
  readonly client: Socket;
  readonly upstream: Socket;
  private readonly forward: Flow;
  private readonly backward: Flow;

  constructor(client: Socket, upstream: Socket, faults: FaultState) {
    this.client = client;
    this.upstream = upstream;
    this.forward = new Flow(client, upstream, faults);
    this.backward = new Flow(upstream, client, faults);
    // A FIN is passed on once the bytes before it are; a closed side closes the other.
    client.on("end", () => this.forward.finish(() => upstream.end()));
    upstream.on("end", () => this.backward.finish(() => client.end()));
    client.on("close", () => this.forward.finish(() => upstream.destroySoon()));
    upstream.on("close", () => this.backward.finish(() => client.destroySoon()));
    // A failed side (reset by its peer, say) resets the other: the failure travels on.
    client.on("error", () => this.reset());
    upstream.on("error", () => this.reset());
  }

  get closed(): boolean {
    return this.client.destroyed && this.upstream.destroyed;
  }

  stall(): void {
    this.client.pause();
    this.upstream.pause();
  }

  heal(): void {
    this.forward.resume();
    this.backward.resume();
  }

  reset(): void {
    this.forward.drop();
    this.backward.drop();
    abortSocket(this.client);
    abortSocket(this.upstream);
  }
}

export class TcpProxy implements FaultState {
  private readonly server: Server;
  private readonly links = new Set<Link>();
  private target: string;
  private latency: { minMs: number; maxMs: number } | undefined;
  private isStalled = false;
  private counts = { accepted: 0, reset: 0, upstreamFailures: 0 };

  private constructor(server: Server, upstream: string) {
    this.server = server;
    this.target = upstream;
    server.on("connection", (client) => this.accept(client));
  }

  /** Listens on `listen` (default 127.0.0.1 and a free port) and forwards to `upstream`. */
  static async start(options: { upstream: string; listen?: string }): Promise<TcpProxy> {
    const server = createServer({ allowHalfOpen: true, pauseOnConnect: true });
    const proxy = new TcpProxy(server, options.upstream);
    const [host, port] = splitAddress(options.listen ?? "127.0.0.1:0");
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    return proxy;
  }

  get address(): string {
    const bound = this.server.address();
    if (!bound || typeof bound === "string") throw new Error("the proxy is not listening");
    return `${bound.address}:${bound.port}`;
  }

  /** Where new connections go. Connections already open stay where they are (see resetAll). */
  get upstream(): string {
    return this.target;
  }

  set upstream(address: string) {
    this.target = address;
  }

  get stalled(): boolean {
    return this.isStalled;
  }

  get stats(): TcpProxyStats {
    return { ...this.counts, open: this.links.size };
  }

  /** Delays every chunk, each way, by a random time in [minMs, maxMs] (order is kept). */
  setLatency(minMs: number, maxMs: number = minMs): void {
    if (!(minMs >= 0 && maxMs >= minMs)) throw new RangeError(`bad latency ${minMs}..${maxMs} ms`);
    this.latency = maxMs === 0 ? undefined : { minMs, maxMs };
  }

  clearLatency(): void {
    this.latency = undefined;
  }

  delayMs(): number {
    if (!this.latency) return 0;
    return this.latency.minMs + Math.random() * (this.latency.maxMs - this.latency.minMs);
  }

  /**
   * Nothing passes any more, either way, on open and new connections, which are still
   * accepted (as a network that drops packets: TCP keeps waiting). heal() delivers what waited.
   */
  blackhole(): void {
    this.isStalled = true;
    for (const link of this.links) link.stall();
  }

  heal(): void {
    this.isStalled = false;
    for (const link of this.links) link.heal();
  }

  /** Resets (RST) every open connection, both sides; returns how many. */
  resetAll(): number {
    const links = [...this.links];
    for (const link of links) link.reset();
    this.counts.reset += links.length;
    return links.length;
  }

  async close(): Promise<void> {
    for (const link of this.links) link.reset();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    this.counts.accepted++;
    const [host, port] = splitAddress(this.target);
    const upstream = new Socket({ allowHalfOpen: true });
    const link = new Link(client, upstream, this);
    this.links.add(link);
    const forget = (): void => {
      if (link.closed) this.links.delete(link);
    };
    client.on("close", forget);
    upstream.on("close", forget);
    let connected = false;
    upstream.once("connect", () => {
      connected = true;
    });
    upstream.once("error", () => {
      if (!connected) this.counts.upstreamFailures++;
    });
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    upstream.connect(port, host);
    if (this.stalled) link.stall();
    else client.resume(); // accepted paused (pauseOnConnect) so that no byte slips past a blackhole
  }
}
