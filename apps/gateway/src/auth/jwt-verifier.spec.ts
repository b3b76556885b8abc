import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exportJWK, exportSPKI, generateKeyPair, SignJWT } from "jose";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JwtVerifier } from "./jwt-verifier.ts";

type SigningKey = Awaited<ReturnType<typeof generateKeyPair>>["privateKey"];

const dir = mkdtempSync(join(tmpdir(), "onceport-jwt-"));
const settings = {
  jwksFile: join(dir, "jwks.json"),
  keyFile: "",
  issuer: "https://issuer.test",
  audience: "onceport",
  algorithms: ["ES256"],
  principalClaim: "sub",
  clockToleranceSeconds: 0,
};
let sign: (
  claims: Record<string, unknown>,
  options?: { expiresIn?: string | number; kid?: string },
) => Promise<string>;
let otherSign: typeof sign;
let verifier: JwtVerifier;

beforeAll(async () => {
  const keys = await generateKeyPair("ES256");
  const other = await generateKeyPair("ES256");
  const jwk = { ...(await exportJWK(keys.publicKey)), kid: "k1", alg: "ES256", use: "sig" };
  writeFileSync(settings.jwksFile, JSON.stringify({ keys: [jwk] }));
  writeFileSync(join(dir, "key.pem"), await exportSPKI(keys.publicKey));
  const signer =
    (key: SigningKey): typeof sign =>
    (claims, options = {}) =>
      new SignJWT({ iss: settings.issuer, aud: settings.audience, ...claims })
        .setProtectedHeader({ alg: "ES256", kid: options.kid ?? "k1" })
        .setIssuedAt()
        .setExpirationTime(options.expiresIn ?? "5m")
        .sign(key);
  sign = signer(keys.privateKey);
  otherSign = signer(other.privateKey);
  verifier = new JwtVerifier(settings, 60_000, pino({ level: "silent" }));
});
afterAll(() => verifier.close());

const refused = (why: RegExp) =>
  expect.objectContaining({ reason: "UNAUTHENTICATED", message: expect.stringMatching(why) });

describe("bearer tokens", () => {
  it("name the principal by their subject when signature, issuer, audience and expiry hold", async () => {
    expect(await verifier.verify(await sign({ sub: "alice" }))).toEqual({ name: "alice", via: "jwt" });
  });

  it("are refused when expired, for another audience or issuer, badly signed, or malformed", async () => {
    const past = Math.floor(Date.now() / 1000) - 60;
    await expect(verifier.verify(await sign({ sub: "alice" }, { expiresIn: past }))).rejects.toEqual(
      refused(/expired/),
    );
    await expect(verifier.verify(await sign({ sub: "alice", aud: "someone-else" }))).rejects.toEqual(
      refused(/"aud" claim/),
    );
    await expect(verifier.verify(await sign({ sub: "alice", iss: "https://evil.test" }))).rejects.toEqual(
      refused(/"iss" claim/),
    );
    await expect(verifier.verify(await otherSign({ sub: "alice" }))).rejects.toEqual(refused(/signature/));
    await expect(verifier.verify(await sign({ sub: "alice" }, { kid: "k9" }))).rejects.toEqual(
      refused(/no single known key/),
    );
    await expect(verifier.verify("not.a.jwt")).rejects.toEqual(refused(/malformed/));
    await expect(verifier.verify(await sign({}))).rejects.toEqual(refused(/malformed|"sub"/));
  });

  it("verify against one configured public key too", async () => {
    const keyed = new JwtVerifier(
      { ...settings, jwksFile: "", keyFile: join(dir, "key.pem") },
      60_000,
      pino({ level: "silent" }),
    );
    try {
      expect((await keyed.verify(await sign({ sub: "bob" }))).name).toBe("bob");
      await expect(keyed.verify(await otherSign({ sub: "bob" }))).rejects.toEqual(refused(/signature/));
    } finally {
      keyed.close();
    }
  });
});
