// TCP-level checks: is something accepting connections on host:port?
import { connect } from "node:net";

function splitAddress(address: string): { host: string; port: number } {
  const separator = address.lastIndexOf(":");
  const port = Number(address.slice(separator + 1));
  if (separator <= 0 || !Number.isInteger(port)) throw new Error(`not a host:port address: ${address}`);
  return { host: address.slice(0, separator), port };
}

/** True when a TCP connection to `address` ("host:port") succeeds within `timeoutMs`. */
export async function isReachable(address: string, timeoutMs = 1000): Promise<boolean> {
  const { host, port } = splitAddress(address);
  return await new Promise((resolvePromise) => {
    const socket = connect({ host, port });
    const finish = (reachable: boolean) => {
      socket.destroy();
      resolvePromise(reachable);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once("connect", () => finish(true));
    socket.once("error", () => finish(false));
  });
}
