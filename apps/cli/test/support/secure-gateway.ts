import { generateKeyPairSync, randomUUID, sign } from "node:crypto";
import { writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeDevCerts } from "@onceport/dev-certs";
import { createLogger, loadConfig, type RunningGateway, startGateway } from "@onceport/gateway";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";

const issuer = "https://issuer.cli.test";
const audience = "onceport-cli-test";

/** A principal of the policy: the client ids it may use and the topics it may write and read. */
export interface Grant {
  readonly clientIds: readonly string[];
  readonly write?: readonly string[];
  readonly read?: readonly string[];
}

/**
 * A gateway as run in production (TLS, a client certificate or a bearer token required, a
 * policy), in this process, with the files a CLI user would be handed: the CA, a client
 * certificate, tokens; and a second CA that signed nothing of this gateway's.
 */
export class SecureGateway {
  readonly gateway: RunningGateway;
  readonly ca: string;
  readonly otherCa: string;
  readonly clientCert: { readonly cert: string; readonly key: string };
  private readonly dir: string;
  private readonly signingKey: ReturnType<typeof generateKeyPairSync>["privateKey"];

  private constructor(
    gateway: RunningGateway,
    files: Pick<SecureGateway, "ca" | "otherCa" | "clientCert">,
    dir: string,
    signingKey: SecureGateway["signingKey"],
  ) {
    this.gateway = gateway;
    this.ca = files.ca;
    this.otherCa = files.otherCa;
    this.clientCert = files.clientCert;
    this.dir = dir;
    this.signingKey = signingKey;
  }

  /** Certificates are issued for the principal names given, for mutual TLS. */
  static async start(principals: Record<string, Grant>): Promise<SecureGateway> {
    const dir = await mkdtemp(join(tmpdir(), "onceport-cli-secure-"));
    const names = Object.keys(principals);
    const certs = await makeDevCerts({ dir: join(dir, "ca"), clients: names });
    const other = await makeDevCerts({ dir: join(dir, "other"), caName: "Another CA" });
    const clientCert = names[0] === undefined ? undefined : certs.clients[names[0]];
    if (!clientCert) throw new Error("name at least one principal");
    const keys = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const keyFile = join(dir, "jwt-key.pem");
    writeFileSync(keyFile, keys.publicKey.export({ type: "spki", format: "pem" }));
    const policyFile = join(dir, "policy.json");
    writeFileSync(policyFile, JSON.stringify({ principals }));
    const flags = {
      listen: "127.0.0.1:0",
      brokers: LOCAL_BROKERS.join(","),
      "transactional-id-prefix": `cli-secure-${randomUUID().slice(0, 8)}-`,
      "tls-cert": certs.server.cert,
      "tls-key": certs.server.key,
      "tls-client-ca": certs.ca.cert,
      auth: "mtls-or-jwt",
      "jwt-key-file": keyFile,
      "jwt-issuer": issuer,
      "jwt-audience": audience,
      policy: policyFile,
    };
    const config = loadConfig(
      Object.entries(flags).flatMap(([name, value]) => [`--${name}`, value]),
      {},
    );
    const gateway = await startGateway(config, createLogger("warn"));
    return new SecureGateway(
      gateway,
      { ca: certs.ca.cert, otherCa: other.ca.cert, clientCert },
      dir,
      keys.privateKey,
    );
  }

  get address(): string {
    return this.gateway.address;
  }

  /** An ES256 JWT for `subject`, valid for five minutes (or expired `expiredFor` seconds ago). */
  token(subject: string, expiredFor?: number): string {
    const now = Math.floor(Date.now() / 1000);
    const exp = expiredFor === undefined ? now + 300 : now - expiredFor;
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const signed = `${part({ alg: "ES256", typ: "JWT" })}.${part({ sub: subject, iss: issuer, aud: audience, iat: now, exp })}`;
    const signature = sign("sha256", Buffer.from(signed), {
      key: this.signingKey,
      dsaEncoding: "ieee-p1363",
    });
    return `${signed}.${signature.toString("base64url")}`;
  }

  async stop(): Promise<void> {
    await this.gateway.stop(1_000);
    await rm(this.dir, { recursive: true, force: true });
  }
}
