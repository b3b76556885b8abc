import type { Metadata, ServerInterceptingCallInterface } from "@grpc/grpc-js";
import { OnceportError } from "@onceport/errors";
import type { JwtVerifier } from "./jwt-verifier.ts";
import { anonymous, type Principal, principalFromCertificate } from "./principal.ts";
import type { AuthMode, CertificateIdentity } from "./security-settings.ts";

/** What TLS established about the connection (grpc-js does not export the type by name). */
type AuthContext = ReturnType<ServerInterceptingCallInterface["getAuthContext"]>;

const bearer = /^Bearer +([A-Za-z0-9_.~+/=-]+)$/;

/**
 * Who a call comes from. With `jwt`, a bearer token in the `authorization`
 * header; with `mtls`, the client certificate TLS verified; with
 * `mtls-or-jwt`, a token when one is sent, else the certificate. A token that
 * does not verify is refused outright, never passed over for the certificate.
 */
export class Authenticator {
  private readonly mode: AuthMode;
  private readonly identity: CertificateIdentity;
  private readonly jwt: JwtVerifier | undefined;

  constructor(mode: AuthMode, identity: CertificateIdentity, jwt: JwtVerifier | undefined) {
    this.mode = mode;
    this.identity = identity;
    this.jwt = jwt;
  }

  async authenticate(metadata: Metadata, context: AuthContext): Promise<Principal> {
    if (this.mode === "none") return anonymous;
    const [header] = metadata.get("authorization");
    if (this.jwt && header !== undefined) {
      const token = typeof header === "string" ? bearer.exec(header)?.[1] : undefined;
      if (!token) {
        throw new OnceportError("UNAUTHENTICATED", 'the authorization header is not "Bearer <JWT>"');
      }
      return await this.jwt.verify(token);
    }
    if (this.mode !== "jwt") {
      // Present only when TLS verified the certificate against the client CA.
      const principal = principalFromCertificate(context.sslPeerCertificate, this.identity);
      if (principal) return principal;
    }
    throw new OnceportError("UNAUTHENTICATED", this.howToAuthenticate());
  }

  private howToAuthenticate(): string {
    switch (this.mode) {
      case "jwt":
        return "send a bearer token: metadata authorization: Bearer <JWT>";
      case "mtls":
        return `present a client certificate signed by the gateway's client CA, naming the principal in its ${this.identity === "cn" ? "subject CN" : "URI or DNS SAN"}`;
      default:
        return "send a bearer token (authorization: Bearer <JWT>) or present a client certificate signed by the gateway's client CA";
    }
  }
}
