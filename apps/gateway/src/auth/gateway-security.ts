import type { ServerCredentials, ServerInterceptor } from "@grpc/grpc-js";
import type { Logger } from "../logger.ts";
import { AccessControl } from "./access-control.ts";
import { authInterceptor } from "./auth-interceptor.ts";
import { Authenticator } from "./authenticator.ts";
import { JwtVerifier } from "./jwt-verifier.ts";
import { describeKafkaSecurity } from "./kafka-security.ts";
import { Policy } from "./policy.ts";
import { principalShare } from "./principal-share.ts";
import { RateLimiter } from "./rate-limiter.ts";
import { ReloadingFile } from "./reloading-file.ts";
import { type SecurityConfig, servesTls } from "./security-settings.ts";
import { SessionGuard } from "./session-guard.ts";
import { serverCredentials } from "./tls-credentials.ts";

/** Everything the gateway needs to serve securely, built from the configuration. */
export interface GatewaySecurity {
  /** For `server.bindAsync`: plaintext, TLS or mutual TLS, certificates reloaded on change. */
  readonly credentials: ServerCredentials;
  /** For the Server's `interceptors` option: authentication and the rate limit, on every call. */
  readonly interceptors: ServerInterceptor[];
  /** The policy's checks (Process and Subscribe use them directly). */
  readonly access: AccessControl;
  /** Sessions bound to principals, and the session and transaction limits. */
  readonly guard: SessionGuard;
  /** Stops watching files. */
  close(): void;
}

/** Reads the certificates, keys and policy (a bad file fails the start) and builds the checks. */
export function createGatewaySecurity(config: SecurityConfig, logger: Logger): GatewaySecurity {
  const log = logger.child({ component: "auth" });
  const policy =
    config.policyFile === ""
      ? undefined
      : new ReloadingFile(config.policyFile, Policy.parse, config.reloadIntervalMs, log);
  const jwt = config.auth.includes("jwt")
    ? new JwtVerifier(config.jwt, config.reloadIntervalMs, log)
    : undefined;
  const tls = serverCredentials(config, logger);
  const access = new AccessControl(policy);
  const authenticator = new Authenticator(config.auth, config.certificateIdentity, jwt);
  const limiter = new RateLimiter(config.ratePerPrincipal, config.rateBurst);
  return {
    credentials: tls.credentials,
    interceptors: [authInterceptor(authenticator, limiter, log, config.maxUnauthenticatedCalls)],
    access,
    guard: new SessionGuard(access, {
      // The gateway-wide session limit is the registry's (--max-sessions).
      maxSessionsPerPrincipal: principalShare(config.auth, {
        total: Number.POSITIVE_INFINITY,
        perPrincipal: config.maxSessionsPerPrincipal,
      }),
      maxOpenTransactions: config.maxOpenTransactions,
      maxOpenTransactionsPerPrincipal: principalShare(config.auth, {
        total: config.maxOpenTransactions,
        perPrincipal: config.maxOpenTransactionsPerPrincipal,
      }),
    }),
    close: () => {
      tls.close();
      jwt?.close();
      policy?.close();
    },
  };
}

/**
 * The start-up line's words on security. `insecure` when anyone who reaches
 * the port may act as anyone: then it is logged as a warning.
 */
export function describeSecurity(config: SecurityConfig): { insecure: boolean; summary: string } {
  const transport = !servesTls(config) ? "plaintext" : config.tlsClientCa === "" ? "TLS" : "mutual TLS";
  const kafka = `Kafka: ${describeKafkaSecurity(config.kafka)}`;
  if (config.auth === "none") {
    const policy = config.policyFile === "" ? "no policy" : `policy ${config.policyFile} for everyone`;
    return {
      insecure: true,
      summary: `${transport}, NO AUTHENTICATION (${policy}): anyone who reaches this port can open a session for any client id, and so fence it; for local development only. ${kafka}`,
    };
  }
  return {
    insecure: false,
    summary: `${transport}, authentication ${config.auth}, policy ${config.policyFile}. ${kafka}`,
  };
}
