import type { AuthMode } from "./security-settings.ts";

/**
 * What one principal may hold of a gateway-wide limit. Without authentication every caller is
 * the one principal `anonymous`, so a share would only shrink the limit for everyone: the
 * whole limit is its share. A share above the limit is the limit. A rule of authentication,
 * so it lives here: limits/ counts shares without knowing how principals are told apart.
 */
export function principalShare(auth: AuthMode, limits: { total: number; perPrincipal: number }): number {
  return auth === "none" ? limits.total : Math.min(limits.perPrincipal, limits.total);
}

/** A gateway-wide limit and the share of it one principal may hold. */
export function shares(
  auth: AuthMode,
  total: number,
  perPrincipal: number,
): { total: number; perPrincipal: number } {
  return { total, perPrincipal: principalShare(auth, { total, perPrincipal }) };
}
