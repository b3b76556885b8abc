// Oversized credentials and metadata against a gateway process with bearer tokens (issue 18,
// finding 8): each is answered with a status and an Onceport reason, on a connection that goes
// on serving, while a well-behaved client on the same gateway publishes.
import { randomBytes } from "node:crypto";
import { Metadata } from "@grpc/grpc-js";
import { fromGrpcError, type OnceportError } from "@onceport/errors";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import { createTopics, uniqueTopicName } from "@onceport/kafka-dev/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GatewayClient } from "./support/gateway-client.ts";
import { type GatewayProcess, startGatewayProcess } from "./support/gateway-process.ts";
import { record } from "./support/records.ts";
import { SecureFixture } from "./support/secure-fixture.ts";
import { uniqueId } from "./support/test-gateway.ts";

const failure = (promise: Promise<unknown>): Promise<OnceportError> =>
  promise.then(
    () => {
      throw new Error("the call succeeded");
    },
    (error: unknown) => fromGrpcError(error),
  );

const bearer = (token: string): Metadata => {
  const metadata = new Metadata();
  metadata.set("authorization", `Bearer ${token}`);
  return metadata;
};

/**
 * About `bytes` characters of base64url, as a JWT's parts are. HPACK's Huffman code takes them
 * to ~6.2 bits a character, so an 80 KB token travels as ~62 KB, under the 64 KiB one header may
 * take in Node's HTTP/2 (src/auth/metadata-bounds.ts).
 */
const base64url = (bytes: number): string => randomBytes(Math.ceil((bytes * 3) / 4)).toString("base64url");

describe("oversized tokens and metadata on a gateway with bearer tokens (real broker)", () => {
  let fixture: SecureFixture;
  let gateway: GatewayProcess;
  const topic = uniqueTopicName("oversized");

  beforeAll(async () => {
    fixture = await SecureFixture.create([]);
    fixture.writePolicy({
      good: { clientIds: ["good-*"], write: [topic] },
      mallory: { clientIds: ["mallory-*"], write: [topic] },
    });
    await createTopics(LOCAL_BROKERS, [{ topic, numPartitions: 1 }]);
    gateway = await startGatewayProcess({ flags: fixture.gatewayFlags("jwt") });
  });
  afterAll(async () => {
    await gateway?.kill();
    await fixture?.remove();
  });

  /** A TLS connection of its own, with no token of its own: each call brings its metadata. */
  const connection = (): GatewayClient => new GatewayClient(gateway.address, fixture.channel({}));

  it("answers an 80 KB token with UNAUTHENTICATED on a connection that goes on serving, while another client publishes", async () => {
    const good = new GatewayClient(gateway.address, fixture.channel({ token: await fixture.token("good") }));
    const mallory = connection();
    try {
      const { sessionId } = await good.call("openSession", { clientId: uniqueId("good") });
      let published = 0;
      const publish = async () => {
        await good.call("publish", {
          sessionId,
          idempotencyKey: uniqueId("k"),
          records: [record(topic, `good-${published}`)],
        });
        published++;
      };
      await publish();

      // Signed by the gateway's own issuer, so only its size is wrong with it; and a forged one.
      const signed = await fixture.tokenWithClaims("mallory", { padding: base64url(60_000) });
      const forged = `${signed.slice(0, -20)}${"A".repeat(20)}`;
      expect(signed.length).toBeGreaterThan(80_000);
      expect(signed.length).toBeLessThan(81_000);
      for (const token of [signed, forged]) {
        const [refused] = await Promise.all([
          failure(
            mallory.call("openSession", { clientId: uniqueId("mallory") }, { metadata: bearer(token) }),
          ),
          publish(),
        ]);
        expect(refused).toEqual(expect.objectContaining({ reason: "UNAUTHENTICATED", retriable: false }));
        expect(refused.message).toMatch(/token of \d+ bytes, more than the 16384/);
        expect(refused.message.length).toBeLessThan(200);
      }

      // The same connection: a token of a usual size is served on it.
      const small = await fixture.token("mallory");
      await mallory.call("openSession", { clientId: uniqueId("mallory") }, { metadata: bearer(small) });
      await publish();
      expect(published).toBe(4);
    } finally {
      good.close();
      mallory.close();
    }
  });

  it("ends only its own connection for one header beyond what HTTP/2 decodes (64 KiB encoded): the gateway serves on", async () => {
    const good = new GatewayClient(gateway.address, fixture.channel({ token: await fixture.token("good") }));
    const mallory = connection();
    try {
      const { sessionId } = await good.call("openSession", { clientId: uniqueId("good") });
      // 8 bits a character in HPACK's Huffman code, so it travels as 70 KB: nghttp2 refuses the
      // whole connection (COMPRESSION_ERROR) before grpc-js or the gateway see the call.
      const refused = await failure(
        mallory.call(
          "openSession",
          { clientId: uniqueId("mallory") },
          { metadata: bearer("X".repeat(70_000)) },
        ),
      );
      expect(refused.reason).toBe("INTERNAL");
      expect(refused.message).toMatch(/RST_STREAM with code 9/);
      await good.call("publish", {
        sessionId,
        idempotencyKey: uniqueId("k"),
        records: [record(topic, "after-compression-error")],
      });
      // A new connection of the same client is served.
      const again = connection();
      await again.call(
        "openSession",
        { clientId: uniqueId("mallory") },
        { metadata: bearer(await fixture.token("mallory")) },
      );
      again.close();
    } finally {
      good.close();
      mallory.close();
    }
  });

  it("answers 80 KB of other metadata with REQUEST_TOO_LARGE, with or without a valid token", async () => {
    const mallory = connection();
    try {
      const token = await fixture.token("mallory");
      const stuffed = (withToken: boolean): Metadata => {
        const metadata = withToken ? bearer(token) : new Metadata();
        for (let n = 0; n < 20; n++) metadata.set(`x-stuffing-${n}`, base64url(4_000));
        return metadata;
      };
      for (const withToken of [true, false]) {
        const refused = await failure(
          mallory.call("openSession", { clientId: uniqueId("mallory") }, { metadata: stuffed(withToken) }),
        );
        expect(refused).toEqual(expect.objectContaining({ reason: "REQUEST_TOO_LARGE", retriable: false }));
        expect(refused.message).toMatch(/metadata of \d+ bytes, more than the 16384/);
      }
      // Health needs no credentials, but it is bounded the same way.
      const health = await failure(
        mallory.rawUnary("/grpc.health.v1.Health/Check", Buffer.alloc(0), { metadata: stuffed(false) }),
      );
      expect(health).toEqual(expect.objectContaining({ reason: "REQUEST_TOO_LARGE" }));
      await mallory.call("openSession", { clientId: uniqueId("mallory") }, { metadata: bearer(token) });
    } finally {
      mallory.close();
    }
  });
});
