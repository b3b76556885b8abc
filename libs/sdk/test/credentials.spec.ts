import { readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DevCerts, makeDevCerts } from "@onceport/dev-certs";
import type { RunningGateway } from "@onceport/gateway";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import { createTopics, readCommitted, uniqueTopicName } from "@onceport/kafka-dev/testing";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, gatewayCredentials } from "../src/index.ts";
import { startInProcessGateway, uniqueClientId } from "./support/gateways.ts";

describe("credentials for a secured gateway (real broker)", () => {
  let dir: string;
  let certs: DevCerts;
  let gateway: RunningGateway;
  let token: (subject: string) => Promise<string>;
  const topic = uniqueTopicName("sdk-secure");

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "onceport-sdk-"));
    certs = await makeDevCerts({ dir, clients: ["sdk-cert"] });
    const keys = await generateKeyPair("ES256");
    writeFileSync(
      join(dir, "jwks.json"),
      JSON.stringify({ keys: [{ ...(await exportJWK(keys.publicKey)), kid: "k", alg: "ES256" }] }),
    );
    token = (subject) =>
      new SignJWT({ sub: subject })
        .setProtectedHeader({ alg: "ES256", kid: "k" })
        .setIssuer("https://issuer.test")
        .setAudience("onceport")
        .setExpirationTime("5m")
        .sign(keys.privateKey);
    writeFileSync(
      join(dir, "policy.json"),
      JSON.stringify({
        principals: {
          "sdk-token": { clientIds: ["sdk-*"], write: [topic] },
          "sdk-cert": { clientIds: ["sdk-*"], write: [topic] },
        },
      }),
    );
    await createTopics(LOCAL_BROKERS, [{ topic, numPartitions: 1 }]);
    gateway = await startInProcessGateway({
      "tls-cert": certs.server.cert,
      "tls-key": certs.server.key,
      "tls-client-ca": certs.ca.cert,
      auth: "mtls-or-jwt",
      "jwt-jwks-file": join(dir, "jwks.json"),
      "jwt-issuer": "https://issuer.test",
      "jwt-audience": "onceport",
      policy: join(dir, "policy.json"),
    });
  });
  afterAll(async () => {
    await gateway?.stop(1000);
    await rm(dir, { recursive: true, force: true });
  });

  it("connects with TLS and a bearer token, or with a client certificate, and publishes", async () => {
    const ca = readFileSync(certs.ca.cert);
    const client = certs.clients["sdk-cert"];
    if (!client) throw new Error("no client certificate");
    const viaToken = await connect({
      address: gateway.address,
      clientId: uniqueClientId("sdk"),
      credentials: gatewayCredentials({ ca, token: () => token("sdk-token") }),
    });
    const viaCert = await connect({
      address: gateway.address,
      clientId: uniqueClientId("sdk"),
      credentials: gatewayCredentials({ ca, cert: readFileSync(client.cert), key: readFileSync(client.key) }),
    });
    try {
      await viaToken.publish([{ topic, value: "by-token" }]);
      await viaCert.publish([{ topic, value: "by-cert" }]);
    } finally {
      await viaToken.close();
      await viaCert.close();
    }
    const read = await readCommitted(LOCAL_BROKERS, [topic], { expectedCount: 2 });
    expect(read.map((record) => record.value).sort()).toEqual(["by-cert", "by-token"]);
  });

  it("fails at once with the gateway's reason without credentials, or for a client id not granted", async () => {
    const ca = readFileSync(certs.ca.cert);
    await expect(
      connect({ address: gateway.address, clientId: "sdk-anon", credentials: gatewayCredentials({ ca }) }),
    ).rejects.toMatchObject({ reason: "UNAUTHENTICATED" });
    await expect(
      connect({
        address: gateway.address,
        clientId: "not-granted",
        credentials: gatewayCredentials({ ca, token: await token("sdk-token") }),
      }),
    ).rejects.toMatchObject({ reason: "PERMISSION_DENIED" });
  });
});
