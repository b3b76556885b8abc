import type { PeerCertificate } from "node:tls";
import { Metadata } from "@grpc/grpc-js";
import { describe, expect, it } from "vitest";
import { attachPrincipal, principalFromCertificate, principalOf, stripPrincipal } from "./principal.ts";

const certificate = {
  subject: { CN: "orders-service", O: "Onceport" },
  subjectaltname: "DNS:orders.internal, URI:spiffe://onceport.dev/orders",
} as unknown as PeerCertificate;

describe("principals", () => {
  it("come from a certificate's subject CN or its first URI (else DNS) SAN", () => {
    expect(principalFromCertificate(certificate, "cn")).toEqual({ name: "orders-service", via: "mtls" });
    expect(principalFromCertificate(certificate, "san")).toEqual({
      name: "spiffe://onceport.dev/orders",
      via: "mtls",
    });
    const dnsOnly = { subject: {}, subjectaltname: "DNS:a.example" } as unknown as PeerCertificate;
    expect(principalFromCertificate(dnsOnly, "san")?.name).toBe("a.example");
    expect(principalFromCertificate(dnsOnly, "cn")).toBeUndefined();
    expect(principalFromCertificate(undefined, "cn")).toBeUndefined();
  });

  it("travel on the call's metadata, which a client cannot set", () => {
    const metadata = new Metadata();
    metadata.set("onceport-principal", "forged");
    metadata.set("onceport-principal-via", "mtls");
    stripPrincipal(metadata);
    expect(() => principalOf({ metadata })).toThrow(expect.objectContaining({ reason: "UNAUTHENTICATED" }));
    attachPrincipal(metadata, { name: "alice", via: "jwt" });
    expect(principalOf({ metadata })).toEqual({ name: "alice", via: "jwt" });
  });
});
