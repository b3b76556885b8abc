import { readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ChannelCredentials, credentials, Metadata } from "@grpc/grpc-js";
import { type DevCerts, makeDevCerts } from "@onceport/dev-certs";
import { exportJWK, generateKeyPair, SignJWT } from "jose";

type SigningKey = Awaited<ReturnType<typeof generateKeyPair>>["privateKey"];

export const issuer = "https://issuer.onceport.test";
export const audience = "onceport-gateway";

/** How a test client proves who it is. */
export interface ClientIdentity {
  /** A client certificate of the test CA (or the rogue one) for this name. */
  readonly cert?: string;
  readonly rogueCert?: boolean;
  /** A bearer token, sent as `authorization: Bearer <token>`. */
  readonly token?: string;
}

/**
 * Everything a secured gateway needs in a temporary directory: a CA with a
 * server certificate and client certificates, a rogue CA, a JWKS with a
 * signing key, and a policy file the test can rewrite.
 */
export class SecureFixture {
  readonly dir: string;
  readonly certs: DevCerts;
  readonly rogue: DevCerts;
  readonly policyFile: string;
  readonly jwksFile: string;
  private readonly signingKey: SigningKey;

  private constructor(dir: string, certs: DevCerts, rogue: DevCerts, signingKey: SigningKey) {
    this.dir = dir;
    this.certs = certs;
    this.rogue = rogue;
    this.signingKey = signingKey;
    this.policyFile = join(dir, "policy.json");
    this.jwksFile = join(dir, "jwks.json");
  }

  static async create(clientNames: readonly string[]): Promise<SecureFixture> {
    const dir = await mkdtemp(join(tmpdir(), "onceport-secure-"));
    const certs = await makeDevCerts({ dir: join(dir, "ca"), clients: clientNames });
    const rogue = await makeDevCerts({ dir: join(dir, "rogue"), caName: "Rogue CA", clients: clientNames });
    const keys = await generateKeyPair("ES256");
    const fixture = new SecureFixture(dir, certs, rogue, keys.privateKey);
    const jwk = { ...(await exportJWK(keys.publicKey)), kid: "test-key", alg: "ES256", use: "sig" };
    writeFileSync(fixture.jwksFile, JSON.stringify({ keys: [jwk] }));
    return fixture;
  }

  writePolicy(principals: Record<string, Record<string, string[]>>): void {
    writeFileSync(this.policyFile, JSON.stringify({ principals }, null, 2));
  }

  /** Gateway flags: TLS with a client CA, certificates or tokens, the policy; reloads checked every 200 ms. */
  gatewayFlags(auth = "mtls-or-jwt"): Record<string, string> {
    return {
      "tls-cert": this.certs.server.cert,
      "tls-key": this.certs.server.key,
      "tls-client-ca": this.certs.ca.cert,
      auth,
      "jwt-jwks-file": this.jwksFile,
      "jwt-issuer": issuer,
      "jwt-audience": audience,
      policy: this.policyFile,
      "security-reload-ms": "200",
    };
  }

  /** A token for `subject`, valid for five minutes unless told otherwise. */
  token(subject: string, claims: { exp?: number; aud?: string; iss?: string } = {}): Promise<string> {
    return new SignJWT({ sub: subject, iss: claims.iss ?? issuer, aud: claims.aud ?? audience })
      .setProtectedHeader({ alg: "ES256", kid: "test-key" })
      .setIssuedAt()
      .setExpirationTime(claims.exp ?? "5m")
      .sign(this.signingKey);
  }

  /** A token for `subject` valid for five minutes, carrying `claims` besides the usual ones. */
  tokenWithClaims(subject: string, claims: Record<string, string>): Promise<string> {
    return new SignJWT({ ...claims, sub: subject, iss: issuer, aud: audience })
      .setProtectedHeader({ alg: "ES256", kid: "test-key" })
      .setIssuedAt()
      .setExpirationTime("5m")
      .sign(this.signingKey);
  }

  /** Channel credentials: TLS trusting the test CA, plus a client certificate and/or a bearer token. */
  channel(identity: ClientIdentity = {}): ChannelCredentials {
    const ca = readFileSync(this.certs.ca.cert);
    const name = identity.cert;
    const files =
      name === undefined ? undefined : (identity.rogueCert ? this.rogue : this.certs).clients[name];
    if (name !== undefined && !files) throw new Error(`no certificate for ${name}`);
    const tls = files
      ? credentials.createSsl(ca, readFileSync(files.key), readFileSync(files.cert))
      : credentials.createSsl(ca);
    const token = identity.token;
    if (token === undefined) return tls;
    return credentials.combineChannelCredentials(
      tls,
      credentials.createFromMetadataGenerator((_params, callback) => {
        const metadata = new Metadata();
        metadata.set("authorization", `Bearer ${token}`);
        callback(null, metadata);
      }),
    );
  }

  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}
