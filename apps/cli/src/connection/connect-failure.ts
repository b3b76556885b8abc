import { isOnceportError, OnceportError } from "@onceport/sdk";
import type { ConnectionSettings } from "./connection-options.ts";

/**
 * What grpc-js said went wrong with the connection, from the SDK's message ("... No
 * connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:1. Resolution
 * note: "), without the wrapping; the whole message when it has another shape.
 */
export function connectionCause(message: string): string {
  const last = /Last error: (?:\w*Error: )?(.*?)\.?(?: Resolution note:.*)?$/s.exec(message)?.[1];
  // grpc-js stamps a bare failure with the time ("Failed to connect (2026-...Z)"): noise here.
  return (last ?? message).replace(/ \(\d{4}-\d\d-\d\dT[\d:.]+Z\)/, "").trim();
}

/** The TLS handshake failed on the gateway's certificate: no retry will make it pass. */
export function isCertificateProblem(error: unknown): boolean {
  return (
    isOnceportError(error, "GATEWAY_UNAVAILABLE") &&
    /certificate|altnames|unable to verify/i.test(connectionCause(error.message))
  );
}

/**
 * Why a command could not start talking to the gateway, as one line a person can act on:
 * nothing answered within the connect timeout, the gateway's certificate is not trusted, or
 * the gateway refused the credentials. `undefined`: the timeout ran out with no answer at all.
 */
export function connectFailure(error: unknown, settings: ConnectionSettings): unknown {
  const at = `the gateway at ${settings.address}`;
  if (error === undefined || isOnceportError(error, "GATEWAY_UNAVAILABLE")) {
    const cause = error === undefined ? "no answer" : connectionCause(error.message);
    if (isCertificateProblem(error)) {
      const trusted = settings.tls?.ca === undefined ? "the system's trusted roots" : "the --ca given";
      return new OnceportError(
        "GATEWAY_UNAVAILABLE",
        `${at} is not trusted: ${cause} (its certificate does not chain to ${trusted}; --ca names the CA that signed it)`,
        { retriable: false, cause: error },
      );
    }
    // A plaintext hello to a TLS gateway is not refused, it just never becomes a connection.
    const socketError = /\bE[A-Z]{3,}\b/.test(cause);
    const hint = settings.tls === undefined && !socketError ? "; if it serves TLS, give --ca or --tls" : "";
    return new OnceportError(
      "GATEWAY_UNAVAILABLE",
      `no answer from ${at} within ${settings.connectTimeoutMs / 1000} s (${cause}${hint})`,
      { cause: error },
    );
  }
  if (isOnceportError(error, "UNAUTHENTICATED")) {
    const given = settings.tls?.token !== undefined || settings.tls?.cert !== undefined;
    const hint = given ? "" : " (give --token or ONCEPORT_TOKEN, or --cert and --cert-key)";
    return new OnceportError("UNAUTHENTICATED", `${at} refused the credentials: ${error.message}${hint}`, {
      cause: error,
    });
  }
  return error;
}
