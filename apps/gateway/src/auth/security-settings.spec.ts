import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../config.ts";
import { kafkaClientSecurity } from "./kafka-security.ts";

const load = (flags: Record<string, string>, env: NodeJS.ProcessEnv = {}) =>
  loadConfig(
    Object.entries(flags).flatMap(([name, value]) => [`--${name}`, value]),
    env,
  );
const tls = { "tls-cert": "server.crt", "tls-key": "server.key" };

describe("security settings", () => {
  it("default to plaintext without authentication, with limits on", () => {
    const { security } = load({});
    expect(security.auth).toBe("none");
    expect(security.tlsCert).toBe("");
    expect(security.maxSessionsPerPrincipal).toBe(250);
    expect(security.maxOpenTransactionsPerPrincipal).toBe(250);
    expect(security.maxUnauthenticatedCalls).toBe(100);
    expect(security.ratePerPrincipal).toBe(10000);
    expect(security.kafka.tls).toBe(false);
    expect(security.kafka.saslMechanism).toBe("");
  });

  it("refuse combinations that cannot work or would be unsafe", () => {
    expect(() => load({ "tls-cert": "a.crt" })).toThrow(/go together/);
    expect(() => load({ auth: "jwt" })).toThrow(/needs TLS/);
    expect(() => load({ ...tls, auth: "mtls", policy: "p.json" })).toThrow(/--tls-client-ca/);
    expect(() => load({ ...tls, auth: "jwt", policy: "p.json", "jwt-key-file": "k.pem" })).toThrow(
      /--jwt-issuer and --jwt-audience/,
    );
    expect(() => load({ ...tls, auth: "jwt", "jwt-issuer": "i", "jwt-audience": "a", policy: "p" })).toThrow(
      /exactly one of/,
    );
    expect(() => load({ ...tls, "tls-client-ca": "ca.crt", auth: "mtls" })).toThrow(/--policy/);
    expect(() => load({ auth: "password" })).toThrow(/must be one of none, mtls, jwt, mtls-or-jwt/);
    expect(() => load({ "kafka-sasl-mechanism": "scram-sha-512", "kafka-sasl-username": "u" })).toThrow(
      /ONCEPORT_KAFKA_SASL_PASSWORD/,
    );
    expect(() => load({ "kafka-tls-ca": "ca.crt" })).toThrow(/--kafka-tls true/);
    expect(load({ ...tls, "tls-client-ca": "ca.crt", auth: "mtls", policy: "p.json" }).security.auth).toBe(
      "mtls",
    );
  });

  it("take the SASL password from the environment or a file, and never show it", () => {
    const secret = "planted-secret-5b1f";
    const sasl = { "kafka-sasl-mechanism": "scram-sha-512", "kafka-sasl-username": "onceport" };
    const fromEnv = load(sasl, { ONCEPORT_KAFKA_SASL_PASSWORD: secret });
    expect(fromEnv.security.kafka.saslPassword?.reveal()).toBe(secret);
    const file = join(mkdtempSync(join(tmpdir(), "onceport-")), "password");
    writeFileSync(file, `${secret}\n`);
    const fromFile = load({ ...sasl, "kafka-sasl-password-file": file });
    expect(fromFile.security.kafka.saslPassword?.reveal()).toBe(secret);
    for (const config of [fromEnv, fromFile]) {
      expect(JSON.stringify(config)).not.toContain(secret);
      expect(inspect(config, { depth: 10 })).not.toContain(secret);
      const options = kafkaClientSecurity(config.security.kafka);
      expect(JSON.stringify(options)).not.toContain(secret);
      expect(inspect(options, { depth: 10 })).not.toContain(secret);
      expect(options.sasl).toMatchObject({ mechanism: "scram-sha-512", username: "onceport" });
      expect((options.sasl as { password: string }).password).toBe(secret);
    }
  });
});
