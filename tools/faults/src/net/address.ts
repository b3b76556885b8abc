/** "host:port" → [host, port]; the host may be an IPv6 literal in brackets. */
export function splitAddress(address: string): [string, number] {
  const colon = address.lastIndexOf(":");
  const port = Number(address.slice(colon + 1));
  if (colon <= 0 || !Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new RangeError(`not a host:port address: ${address}`);
  }
  return [address.slice(0, colon).replace(/^\[(.*)\]$/, "$1"), port];
}
