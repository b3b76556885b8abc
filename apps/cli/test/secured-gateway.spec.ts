import { randomUUID } from "node:crypto";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import { createTopics, readCommitted, uniqueTopicName } from "@onceport/kafka-dev/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./support/run-cli.ts";
import { SecureGateway } from "./support/secure-gateway.ts";

const lines = (text: string) => text.split("\n").filter((line) => line !== "");

describe("the CLI against a gateway with TLS and authentication (real broker)", () => {
  let secure: SecureGateway;
  const topic = uniqueTopicName("cli-secure");
  const clientId = () => `cli-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    await createTopics(LOCAL_BROKERS, [{ topic, numPartitions: 1 }]);
    secure = await SecureGateway.start({
      "cli-user": { clientIds: ["cli-*"], write: [topic], read: [topic] },
    });
  });
  afterAll(async () => {
    await secure?.stop();
  });

  it("publishes with --ca and --token, with a client certificate, or with the same settings from the environment; subscribe reads them", async () => {
    const byToken = await runCli([
      "publish",
      "--topic",
      topic,
      "--address",
      secure.address,
      "--ca",
      secure.ca,
      "--token",
      secure.token("cli-user"),
      "--client-id",
      clientId(),
      "by-token",
    ]);
    expect([byToken.code, byToken.stderr]).toEqual([0, ""]);

    const byCert = await runCli([
      "publish",
      "--topic",
      topic,
      "--address",
      secure.address,
      "--ca",
      secure.ca,
      "--cert",
      secure.clientCert.cert,
      "--cert-key",
      secure.clientCert.key,
      "--client-id",
      clientId(),
      "by-cert",
    ]);
    expect([byCert.code, byCert.stderr]).toEqual([0, ""]);

    const env = {
      ONCEPORT_ADDRESS: secure.address,
      ONCEPORT_CA: secure.ca,
      ONCEPORT_TOKEN: secure.token("cli-user"),
      ONCEPORT_CLIENT_ID: clientId(),
    };
    const byEnv = await runCli(["publish", "--topic", topic, "by-env"], { env });
    expect([byEnv.code, byEnv.stderr]).toEqual([0, ""]);
    const session = await runCli(["session", "--json"], { env });
    expect(session.code).toBe(0);
    expect(JSON.parse(session.stdout)).toMatchObject({ address: secure.address });

    const read = await runCli(["subscribe", topic, "--json", "--count", "3"], { env });
    expect(read.code, read.stderr).toBe(0);
    expect(
      lines(read.stdout)
        .map((line) => (JSON.parse(line) as { value: string }).value)
        .sort(),
    ).toEqual(["by-cert", "by-env", "by-token"]);
    const inKafka = await readCommitted(LOCAL_BROKERS, [topic], { expectedCount: 3 });
    expect(inKafka).toHaveLength(3);
  });

  it("a CA that did not sign the gateway's certificate: exit 1 at once, one line saying the gateway is not trusted", async () => {
    const token = secure.token("cli-user");
    const common = ["--address", secure.address, "--ca", secure.otherCa, "--token", token];
    // A connect timeout longer than the test may take: a CLI that waited it out would fail it.
    for (const command of [
      ["session", "--client-id", clientId()],
      ["subscribe", topic, "--count", "1"],
    ]) {
      const run = await runCli([...command, ...common, "--connect-timeout", "600"]);
      expect(run.code, command[0]).toBe(1);
      expect(lines(run.stderr), command[0]).toEqual([
        `onceport: GATEWAY_UNAVAILABLE: the gateway at ${secure.address} is not trusted: self-signed certificate in certificate chain (its certificate does not chain to the --ca given; --ca names the CA that signed it)`,
      ]);
    }
  });

  it("no token, an expired or malformed one: exit 1, one line with the gateway's reason", async () => {
    const base = ["session", "--address", secure.address, "--ca", secure.ca, "--client-id", clientId()];
    const none = await runCli(base);
    expect(none.code).toBe(1);
    expect(lines(none.stderr)).toEqual([
      expect.stringMatching(
        /^onceport: UNAUTHENTICATED: the gateway at \S+ refused the credentials: .*bearer token.* \(give --token or ONCEPORT_TOKEN, or --cert and --cert-key\)$/,
      ),
    ]);
    const expired = await runCli([...base, "--token", secure.token("cli-user", 60)]);
    expect([expired.code, lines(expired.stderr)]).toEqual([
      1,
      [expect.stringMatching(/^onceport: UNAUTHENTICATED: .*refused: it has expired$/)],
    ]);
    const malformed = await runCli([
      "subscribe",
      topic,
      "--address",
      secure.address,
      "--ca",
      secure.ca,
      "--token",
      "not-a-jwt",
    ]);
    expect([malformed.code, lines(malformed.stderr)]).toEqual([
      1,
      [expect.stringMatching(/^onceport: UNAUTHENTICATED: .*refused: it is malformed$/)],
    ]);
  });

  it("plaintext to a TLS gateway: one line that says to give --ca; unreadable or half client certificates are usage errors", async () => {
    const plain = await runCli(["session", "--address", secure.address, "--connect-timeout", "1"]);
    expect(plain.code).toBe(1);
    expect(lines(plain.stderr)).toEqual([
      expect.stringMatching(
        /^onceport: GATEWAY_UNAVAILABLE: no answer from .* within 1 s \(.*; if it serves TLS, give --ca or --tls\)$/,
      ),
    ]);
    const missing = await runCli(["session", "--ca", "/nonexistent/ca.crt"]);
    expect([missing.code, missing.stderr]).toEqual([
      2,
      expect.stringContaining("--ca /nonexistent/ca.crt: cannot read it (ENOENT)"),
    ]);
    const half = await runCli(["publish", "--topic", topic, "--cert", secure.clientCert.cert, "v"]);
    expect([half.code, half.stderr]).toEqual([
      2,
      expect.stringContaining("--cert and --cert-key go together"),
    ]);
  });
});
