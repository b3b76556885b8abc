// One fault proxy in front of each cluster node's proxied listener, on the port the node
// advertises for it (tools/kafka's CLUSTER_PROXIED): gateways bootstrapped with the proxies'
// addresses reach every broker only through them, while replication between brokers does not
// cross them. Faults apply to all proxies at once: the network between gateways and Kafka.
import { CLUSTER_PROXIED } from "@onceport/kafka-dev";
import { TcpProxy } from "../net/tcp-proxy.ts";

export class BrokerProxies {
  readonly proxies: readonly TcpProxy[];

  private constructor(proxies: readonly TcpProxy[]) {
    this.proxies = proxies;
  }

  static async start(): Promise<BrokerProxies> {
    const proxies: TcpProxy[] = [];
    try {
      for (const broker of CLUSTER_PROXIED) {
        proxies.push(await TcpProxy.start({ listen: broker.proxyAddress, upstream: broker.upstream }));
      }
    } catch (error) {
      await Promise.all(proxies.map((proxy) => proxy.close()));
      throw error;
    }
    return new BrokerProxies(proxies);
  }

  blackhole(): void {
    for (const proxy of this.proxies) proxy.blackhole();
  }

  heal(): void {
    for (const proxy of this.proxies) proxy.heal();
  }

  setLatency(minMs: number, maxMs: number): void {
    for (const proxy of this.proxies) proxy.setLatency(minMs, maxMs);
  }

  clearLatency(): void {
    for (const proxy of this.proxies) proxy.clearLatency();
  }

  /** Resets every open connection to every broker; returns how many. */
  resetAll(): number {
    return this.proxies.reduce((sum, proxy) => sum + proxy.resetAll(), 0);
  }

  async close(): Promise<void> {
    await Promise.all(this.proxies.map((proxy) => proxy.close()));
  }
}
