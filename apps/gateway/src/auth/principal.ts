import type { PeerCertificate } from "node:tls";
import type { Metadata } from "@grpc/grpc-js";
import { OnceportError } from "@onceport/errors";
import type { CertificateIdentity } from "./security-settings.ts";

/** Who made a call: a name the policy grants things to, and how it was proven. */
export interface Principal {
  readonly name: string;
  readonly via: "none" | "mtls" | "jwt";
}

/** The principal of every call when authentication is off (local development). */
export const anonymous: Principal = { name: "anonymous", via: "none" };

/**
 * Request metadata keys the auth interceptor sets after authenticating. It
 * removes whatever a client sent under these names first, so a client can never
 * choose its principal.
 */
const principalKey = "onceport-principal";
const viaKey = "onceport-principal-via";

export function attachPrincipal(metadata: Metadata, principal: Principal): void {
  metadata.set(principalKey, principal.name);
  metadata.set(viaKey, principal.via);
}

export function stripPrincipal(metadata: Metadata): void {
  metadata.remove(principalKey);
  metadata.remove(viaKey);
}

/**
 * The principal of a call, as the auth interceptor established it. A call the
 * interceptor did not see has none: that is refused, never treated as anonymous.
 */
export function principalOf(call: { readonly metadata: Metadata }): Principal {
  const [name] = call.metadata.get(principalKey);
  const [via] = call.metadata.get(viaKey);
  if (typeof name !== "string" || (via !== "none" && via !== "mtls" && via !== "jwt")) {
    throw new OnceportError("UNAUTHENTICATED", "the call carries no authenticated principal");
  }
  return { name, via };
}

/**
 * The principal a verified client certificate names: its subject's common name,
 * or its first URI (SPIFFE) or DNS subject alternative name.
 */
export function principalFromCertificate(
  certificate: PeerCertificate | undefined,
  identity: CertificateIdentity,
): Principal | undefined {
  if (!certificate) return undefined;
  const name = identity === "cn" ? commonName(certificate) : subjectAltName(certificate);
  return name ? { name, via: "mtls" } : undefined;
}

function commonName(certificate: PeerCertificate): string | undefined {
  const cn = certificate.subject?.CN as string | string[] | undefined;
  return Array.isArray(cn) ? cn[0] : cn;
}

function subjectAltName(certificate: PeerCertificate): string | undefined {
  const names = (certificate.subjectaltname ?? "").split(/,\s*/).filter((entry) => entry !== "");
  const pick = (prefix: string) =>
    names.find((entry) => entry.startsWith(prefix))?.slice(prefix.length) || undefined;
  return pick("URI:") ?? pick("DNS:");
}
