import { spawn } from "node:child_process";
import { once } from "node:events";
import { createServer, type Server, Socket } from "node:net";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { splitAddress } from "./address.ts";
import { TcpProxy } from "./tcp-proxy.ts";

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** An upstream that answers every chunk with `<tag>` + the chunk. */
async function echoServer(tag: string): Promise<string> {
  const server: Server = createServer((socket) => {
    socket.on("data", (chunk) => socket.write(`${tag}${chunk.toString()}`));
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("no address");
  return `127.0.0.1:${address.port}`;
}

async function proxyTo(upstream: string): Promise<TcpProxy> {
  const proxy = await TcpProxy.start({ upstream });
  cleanups.push(() => proxy.close());
  return proxy;
}

/** A client whose received text accumulates in `received()`; `errors` collects its error codes. */
function dial(address: string): { socket: Socket; received: () => string; errors: string[] } {
  const [host, port] = splitAddress(address);
  const socket = new Socket();
  let text = "";
  const errors: string[] = [];
  socket.on("data", (chunk) => {
    text += chunk.toString();
  });
  socket.on("error", (error: NodeJS.ErrnoException) => errors.push(error.code ?? error.message));
  socket.connect(port, host);
  cleanups.push(() => socket.destroy());
  return { socket, received: () => text, errors };
}

async function connectTo(address: string): Promise<ReturnType<typeof dial>> {
  const client = dial(address);
  await once(client.socket, "connect");
  return client;
}

async function until(predicate: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await sleep(10);
  }
}

describe("TcpProxy", () => {
  it("forwards both ways", async () => {
    const proxy = await proxyTo(await echoServer("a:"));
    const client = await connectTo(proxy.address);
    client.socket.write("hello");
    await until(() => client.received() === "a:hello");
    expect(proxy.stats).toMatchObject({ accepted: 1, open: 1, reset: 0 });
  });

  it("adds latency each way and keeps the byte order", async () => {
    const proxy = await proxyTo(await echoServer(""));
    proxy.setLatency(100, 150);
    const client = await connectTo(proxy.address);
    const started = Date.now();
    client.socket.write("x");
    await until(() => client.received() === "x");
    expect(Date.now() - started).toBeGreaterThanOrEqual(195);
    const words = Array.from({ length: 50 }, (_, index) => `${index},`);
    for (const word of words) client.socket.write(word);
    await until(() => client.received() === `x${words.join("")}`);
    proxy.clearLatency();
    const quick = Date.now();
    client.socket.write("y");
    await until(() => client.received().endsWith("y"));
    expect(Date.now() - quick).toBeLessThan(100);
  });

  it("blackholes open and new connections until it heals, then delivers what waited", async () => {
    const proxy = await proxyTo(await echoServer("b:"));
    const before = await connectTo(proxy.address);
    proxy.blackhole();
    before.socket.write("one");
    const during = await connectTo(proxy.address); // accepted, as a silent network would
    during.socket.write("two");
    await sleep(300);
    expect([before.received(), during.received()]).toEqual(["", ""]);
    proxy.heal();
    await until(() => before.received() === "b:one" && during.received() === "b:two");
  });

  it("resets open connections", async () => {
    const proxy = await proxyTo(await echoServer(""));
    const client = await connectTo(proxy.address);
    client.socket.write("ping");
    await until(() => client.received() === "ping");
    expect(proxy.resetAll()).toBe(1);
    await until(() => client.socket.destroyed);
    expect(client.errors).toEqual(["ECONNRESET"]);
    expect(proxy.stats.reset).toBe(1);
    await until(() => proxy.stats.open === 0);
  });

  it("aborts a connection ended in the same tick without leaving the process unable to exit", async () => {
    const run = async (how: "abort" | "reset") => {
      const fixture = join(import.meta.dirname, "fixtures", "end-then-abort.ts");
      const child = spawn(process.execPath, [fixture, how], { stdio: ["ignore", "pipe", "inherit"] });
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
      });
      const timer = setTimeout(() => child.kill("SIGKILL"), 3_000);
      const [code, signal] = await once(child, "exit");
      clearTimeout(timer);
      return { output, code, signal };
    };
    expect(await run("abort")).toEqual({ output: "aborted\n", code: 0, signal: null });
    // What abortSocket avoids: Node 24 spins at exit after resetAndDestroy() right after end().
    expect(await run("reset")).toEqual({ output: "aborted\n", code: null, signal: "SIGKILL" });
  });

  it("resets the client when the upstream is down, and sends new connections to a new upstream", async () => {
    const down = await echoServer("");
    const proxy = await proxyTo("127.0.0.1:1"); // nothing listens on port 1
    const client = dial(proxy.address);
    await until(() => client.socket.destroyed);
    expect(client.errors).toEqual(["ECONNRESET"]);
    expect(proxy.stats.upstreamFailures).toBe(1);
    proxy.upstream = down;
    const moved = await connectTo(proxy.address);
    moved.socket.write("again");
    await until(() => moved.received() === "again");
  });
});
