import { readFileSync } from "node:fs";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import {
  createTopics,
  LOCAL_SASL,
  LOCAL_SASL_BROKERS,
  readCommitted,
  uniqueTopicName,
} from "@onceport/kafka-dev/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GatewayClient } from "./support/gateway-client.ts";
import { type GatewayProcess, startGatewayProcess } from "./support/gateway-process.ts";
import { record } from "./support/records.ts";
import { SecureFixture } from "./support/secure-fixture.ts";
import { uniqueId } from "./support/test-gateway.ts";

/**
 * The gateway as users run it, secured on both sides: TLS and bearer tokens
 * for its clients, SASL SCRAM-SHA-512 to Kafka (the local broker's
 * SASL_PLAINTEXT listener). Then its logs, at debug level, are searched for
 * every secret it handled.
 */
describe("Kafka over SASL SCRAM, and no secret in the logs (real broker)", () => {
  let fixture: SecureFixture;
  let gateway: GatewayProcess;
  const topic = uniqueTopicName("sasl");
  const plantedValue = `planted-record-value-${uniqueId("v")}`;
  const plantedHeader = `planted-header-value-${uniqueId("h")}`;
  let token: string;

  beforeAll(async () => {
    fixture = await SecureFixture.create([]);
    fixture.writePolicy({ writer: { clientIds: ["sasl-*"], write: [topic] } });
    await createTopics(LOCAL_BROKERS, [{ topic, numPartitions: 1 }]);
    token = await fixture.token("writer");
    gateway = await startGatewayProcess({
      flags: {
        ...fixture.gatewayFlags("jwt"),
        brokers: LOCAL_SASL_BROKERS.join(","),
        "kafka-sasl-mechanism": "scram-sha-512",
        "kafka-sasl-username": LOCAL_SASL.username,
        "log-level": "debug",
      },
      env: { ONCEPORT_KAFKA_SASL_PASSWORD: LOCAL_SASL.password },
    });
  });
  afterAll(async () => {
    await gateway?.kill("SIGTERM");
    await fixture?.remove();
  });

  it("publishes through a gateway that authenticates to Kafka with SCRAM-SHA-512", async () => {
    const client = new GatewayClient(gateway.address, fixture.channel({ token }));
    try {
      const { sessionId } = await client.call("openSession", { clientId: uniqueId("sasl") });
      await client.call("publish", {
        sessionId,
        idempotencyKey: "k1",
        records: [record(topic, plantedValue, { headers: { note: plantedHeader } })],
      });
      // A refused token and a refused publish: their logging must not carry the token or the value either.
      const stranger = new GatewayClient(gateway.address, fixture.channel({ token: `${token}x` }));
      await expect(stranger.call("openSession", { clientId: "sasl-x" })).rejects.toThrow(/token/);
      stranger.close();
      await expect(
        client.call("publish", {
          sessionId,
          idempotencyKey: "k2",
          records: [record("elsewhere", plantedValue)],
        }),
      ).rejects.toThrow(/may not write/);
    } finally {
      client.close();
    }
    const written = await readCommitted(LOCAL_BROKERS, [topic], { expectedCount: 1 });
    expect(written.map((read) => read.value)).toEqual([plantedValue]);
    expect(gateway.logLines.join("\n")).toContain("SASL SCRAM-SHA-512 as onceport");
  });

  it("logs no password, token, key or record value, even at debug level", async () => {
    await gateway.kill("SIGTERM");
    const logs = gateway.logLines.join("\n");
    expect(logs.length).toBeGreaterThan(1000);
    const privateKeyLine = readFileSync(fixture.certs.server.key, "utf8").split("\n")[1] ?? "";
    expect(privateKeyLine.length).toBeGreaterThan(20);
    for (const secret of [
      LOCAL_SASL.password,
      token,
      token.split(".")[2] ?? "",
      privateKeyLine,
      plantedValue,
      plantedHeader,
    ]) {
      expect(secret.length).toBeGreaterThan(10);
      expect(logs).not.toContain(secret);
    }
  });

  it("fails to start with a clear error, and no password in it, when Kafka refuses the credentials", async () => {
    const wrong = `wrong-password-${uniqueId("p")}`;
    const refused = startGatewayProcess({
      flags: {
        brokers: LOCAL_SASL_BROKERS.join(","),
        "kafka-sasl-mechanism": "scram-sha-512",
        "kafka-sasl-username": LOCAL_SASL.username,
      },
      env: { ONCEPORT_KAFKA_SASL_PASSWORD: wrong },
    });
    const error = await refused.then(
      () => new Error("the gateway started"),
      (failure: Error) => failure,
    );
    expect(error.message).toMatch(/could not start/);
    expect(error.message).toMatch(/SASL|authentication/i);
    expect(error.message).not.toContain(wrong);
  });
});
