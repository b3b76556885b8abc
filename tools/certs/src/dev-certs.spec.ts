import { X509Certificate } from "node:crypto";
import { readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makeDevCerts } from "./dev-certs.ts";

const base = join(tmpdir(), `onceport-certs-${process.pid}`);
afterAll(() => rm(base, { recursive: true, force: true }));

describe("makeDevCerts", () => {
  it("makes a CA that signed a localhost server certificate and client certificates", async () => {
    const certs = await makeDevCerts({ dir: join(base, "a"), clients: ["orders"] });
    const ca = new X509Certificate(await readFile(certs.ca.cert));
    const server = new X509Certificate(await readFile(certs.server.cert));
    const orders = certs.clients.orders;
    if (!orders) throw new Error("no client certificate");
    const client = new X509Certificate(await readFile(orders.cert));
    expect(ca.ca).toBe(true);
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(server.checkHost("localhost")).toBe("localhost");
    expect(server.checkIP("127.0.0.1")).toBe("127.0.0.1");
    expect(client.verify(ca.publicKey)).toBe(true);
    expect(client.subject).toContain("CN=orders");
    expect(client.subjectAltName).toBe("URI:spiffe://onceport.dev/orders");
    expect((await stat(orders.key)).mode & 0o077).toBe(0);
  });

  it("keeps what exists, and two directories are two CAs that do not trust each other", async () => {
    const first = await makeDevCerts({ dir: join(base, "b") });
    const before = await readFile(first.server.cert, "utf8");
    const again = await makeDevCerts({ dir: join(base, "b"), clients: ["late"] });
    expect(await readFile(again.server.cert, "utf8")).toBe(before);
    expect(again.clients.late).toBeDefined();
    const other = await makeDevCerts({ dir: join(base, "c"), caName: "Another CA" });
    const otherCa = new X509Certificate(await readFile(other.ca.cert));
    const server = new X509Certificate(await readFile(first.server.cert));
    expect(server.verify(otherCa.publicKey)).toBe(false);
  });
});
