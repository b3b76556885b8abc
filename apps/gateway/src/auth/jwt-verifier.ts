import { createPublicKey, type KeyObject } from "node:crypto";
import { OnceportError } from "@onceport/errors";
import { createLocalJWKSet, type JSONWebKeySet, type JWTVerifyGetKey, jwtVerify } from "jose";
import type { Logger } from "../logger.ts";
import type { Principal } from "./principal.ts";
import { ReloadingFile } from "./reloading-file.ts";
import type { SecurityConfig } from "./security-settings.ts";

type KeySource = { current: JWTVerifyGetKey | KeyObject };

/**
 * Verifies bearer tokens (JWT, with `jose`): the signature against the keys of
 * a JWKS file or one configured public key (both reloaded when the file
 * changes), the algorithm against an allow-list, and `exp` (required), `nbf`,
 * `iss` and `aud`. The principal is one claim of the token (`sub` by default).
 */
export class JwtVerifier {
  private readonly keys: KeySource & { close?(): void };
  private readonly settings: SecurityConfig["jwt"];

  constructor(settings: SecurityConfig["jwt"], reloadIntervalMs: number, logger: Logger) {
    this.settings = settings;
    const log = logger.child({ component: "auth" });
    this.keys =
      settings.jwksFile !== ""
        ? new ReloadingFile(settings.jwksFile, parseJwks, reloadIntervalMs, log)
        : new ReloadingFile(settings.keyFile, (pem) => createPublicKey(pem), reloadIntervalMs, log);
  }

  async verify(token: string): Promise<Principal> {
    const { issuer, audience, algorithms, principalClaim, clockToleranceSeconds } = this.settings;
    let claims: Record<string, unknown>;
    try {
      const key = this.keys.current;
      const options = {
        issuer,
        audience,
        algorithms: [...algorithms],
        clockTolerance: clockToleranceSeconds,
        requiredClaims: ["exp", principalClaim],
      };
      // Two calls, not one with a union: jose overloads on the key's type.
      const verified =
        typeof key === "function"
          ? await jwtVerify(token, key, options)
          : await jwtVerify(token, key, options);
      claims = verified.payload;
    } catch (error) {
      throw new OnceportError("UNAUTHENTICATED", `the bearer token is refused: ${why(error)}`);
    }
    const name = claims[principalClaim];
    if (typeof name !== "string" || name === "") {
      throw new OnceportError(
        "UNAUTHENTICATED",
        `the bearer token's "${principalClaim}" claim is not a name`,
      );
    }
    return { name, via: "jwt" };
  }

  close(): void {
    this.keys.close?.();
  }
}

function parseJwks(text: string): JWTVerifyGetKey {
  const jwks = JSON.parse(text) as JSONWebKeySet;
  if (!Array.isArray(jwks.keys)) throw new Error('a JWKS file is an object with a "keys" list');
  return createLocalJWKSet(jwks);
}

/** A short, safe account of why a token was refused (never the token itself). */
function why(error: unknown): string {
  const code = (error as { code?: string }).code;
  const claim = (error as { claim?: string }).claim;
  switch (code) {
    case "ERR_JWT_EXPIRED":
      return "it has expired";
    case "ERR_JWT_CLAIM_VALIDATION_FAILED":
      return claim === "nbf" ? "it is not valid yet" : `its "${claim ?? "?"}" claim is not accepted`;
    case "ERR_JWS_SIGNATURE_VERIFICATION_FAILED":
      return "its signature does not verify";
    case "ERR_JWKS_NO_MATCHING_KEY":
    case "ERR_JWKS_MULTIPLE_MATCHING_KEYS":
      return "no single known key matches it";
    case "ERR_JOSE_ALG_NOT_ALLOWED":
      return "its algorithm is not allowed";
    default:
      return "it is malformed";
  }
}
