// The load balancer in front of the gateways, one route per client: each client connects to
// its own TcpProxy, whose upstream is the gateway it is on. Moving a client changes where its
// next connection goes; with `cut`, its open connections are reset too, as a balancer does
// when its health check finds a gateway frozen (a SIGSTOPped one still accepts TCP), or to
// spread clients over a gateway that came back.
import { TcpProxy } from "../net/tcp-proxy.ts";
import type { GatewayFleet } from "./gateway-fleet.ts";

interface Route {
  readonly proxy: TcpProxy;
  gateway: string;
}

export class Balancer {
  private readonly routes = new Map<string, Route>();
  private readonly fleet: GatewayFleet;
  /** Clients moved, in all. */
  moves = 0;

  constructor(fleet: GatewayFleet) {
    this.fleet = fleet;
  }

  /** The address `clientId` is to connect to, routed to `gateway`. */
  async route(clientId: string, gateway: string): Promise<string> {
    const proxy = await TcpProxy.start({ upstream: this.fleet.address(gateway) });
    this.routes.set(clientId, { proxy, gateway });
    return proxy.address;
  }

  gatewayOf(clientId: string): string {
    const route = this.routes.get(clientId);
    if (!route) throw new Error(`no route for ${clientId}`);
    return route.gateway;
  }

  clientsOn(gateway: string): string[] {
    return [...this.routes].filter(([, route]) => route.gateway === gateway).map(([clientId]) => clientId);
  }

  /** Sends the clients' next connections to `gateway` (at its current address); `cut` resets open ones. */
  move(clientIds: readonly string[], gateway: string, options: { cut: boolean }): void {
    const address = this.fleet.address(gateway);
    for (const clientId of clientIds) {
      const route = this.routes.get(clientId);
      if (!route) throw new Error(`no route for ${clientId}`);
      if (route.gateway !== gateway) this.moves++;
      route.gateway = gateway;
      route.proxy.upstream = address;
      if (options.cut) route.proxy.resetAll();
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.routes.values()].map((route) => route.proxy.close()));
    this.routes.clear();
  }
}
