import { OnceportError } from "@onceport/sdk";
import { describe, expect, it } from "vitest";
import { connectFailure, connectionCause, isCertificateProblem } from "./connect-failure.ts";

const unavailable = (last: string) =>
  new OnceportError(
    "GATEWAY_UNAVAILABLE",
    `OpenSession gave up after 7 attempts in 2587 ms: No connection established. Last error: ${last}. Resolution note: `,
  );
const settings = { address: "gw:50051", tls: undefined, connectTimeoutMs: 10_000 };

describe("a failed connect, said in one line", () => {
  it("takes grpc-js's cause out of the SDK's message", () => {
    expect(connectionCause(unavailable("Error: connect ECONNREFUSED 127.0.0.1:1").message)).toBe(
      "connect ECONNREFUSED 127.0.0.1:1",
    );
    expect(connectionCause(unavailable("Failed to connect (2026-12-03T15:43:55.725Z)").message)).toBe(
      "Failed to connect",
    );
    expect(connectionCause("something else")).toBe("something else");
  });

  it("tells an untrusted certificate from an unreachable gateway", () => {
    const untrusted = unavailable("Error: self-signed certificate in certificate chain");
    expect(isCertificateProblem(untrusted)).toBe(true);
    expect(isCertificateProblem(unavailable("Error: connect ECONNREFUSED 127.0.0.1:1"))).toBe(false);
    expect(connectFailure(untrusted, { ...settings, tls: {} })).toMatchObject({
      reason: "GATEWAY_UNAVAILABLE",
      retriable: false,
      message:
        "the gateway at gw:50051 is not trusted: self-signed certificate in certificate chain (its certificate does not chain to the system's trusted roots; --ca names the CA that signed it)",
    });
    expect(connectFailure(undefined, settings)).toMatchObject({
      message:
        "no answer from the gateway at gw:50051 within 10 s (no answer; if it serves TLS, give --ca or --tls)",
    });
  });

  it("leaves other failures as they are", () => {
    const notFound = new OnceportError("TOPIC_NOT_FOUND", "no topic t");
    expect(connectFailure(notFound, settings)).toBe(notFound);
  });
});
