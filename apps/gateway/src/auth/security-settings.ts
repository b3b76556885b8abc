import { ConfigError } from "../config-error.ts";
import { readSecret, type Secret } from "./secret.ts";

/** How callers prove who they are. */
export type AuthMode = "none" | "mtls" | "jwt" | "mtls-or-jwt";
/** Which part of a client certificate names the principal. */
export type CertificateIdentity = "cn" | "san";

/** Everything security: the gRPC side (TLS, authentication, policy, limits) and the Kafka side. */
export interface SecurityConfig {
  /** The gateway's certificate and key (PEM files); both empty: plaintext. */
  readonly tlsCert: string;
  readonly tlsKey: string;
  /** CA bundle that client certificates must chain to; set: mutual TLS, a client certificate is required. */
  readonly tlsClientCa: string;
  /** How often certificate, JWKS and policy files are checked for changes (reloaded without restart). */
  readonly reloadIntervalMs: number;
  readonly auth: AuthMode;
  readonly certificateIdentity: CertificateIdentity;
  readonly jwt: {
    readonly jwksFile: string;
    readonly keyFile: string;
    readonly issuer: string;
    readonly audience: string;
    readonly algorithms: readonly string[];
    readonly principalClaim: string;
    readonly clockToleranceSeconds: number;
  };
  /** Policy file: principals, the client ids they may use, the topics they may write, read, process. */
  readonly policyFile: string;
  readonly maxSessionsPerPrincipal: number;
  /** Interactive transactions open at once on this gateway, and for one principal. */
  readonly maxOpenTransactions: number;
  readonly maxOpenTransactionsPerPrincipal: number;
  /** Calls without credentials (health checks and watches) open at once on this gateway. */
  readonly maxUnauthenticatedCalls: number;
  /** Requests (unary calls and stream starts) per second per principal; 0: no limit. */
  readonly ratePerPrincipal: number;
  readonly rateBurst: number;
  readonly kafka: KafkaSecurityConfig;
}

export interface KafkaSecurityConfig {
  readonly tls: boolean;
  readonly tlsCa: string;
  readonly tlsCert: string;
  readonly tlsKey: string;
  readonly saslMechanism: "" | "scram-sha-256" | "scram-sha-512" | "plain";
  readonly saslUsername: string;
  /** From ONCEPORT_KAFKA_SASL_PASSWORD or --kafka-sasl-password-file; never logged. */
  readonly saslPassword: Secret | undefined;
}

/** The security settings: flag, environment variable, default (merged into config.ts's table). */
export const securitySettings = {
  "tls-cert": { env: "ONCEPORT_TLS_CERT", default: "" },
  "tls-key": { env: "ONCEPORT_TLS_KEY", default: "" },
  "tls-client-ca": { env: "ONCEPORT_TLS_CLIENT_CA", default: "" },
  "security-reload-ms": { env: "ONCEPORT_SECURITY_RELOAD_MS", default: "10000" },
  auth: { env: "ONCEPORT_AUTH", default: "none" },
  "mtls-principal": { env: "ONCEPORT_MTLS_PRINCIPAL", default: "cn" },
  "jwt-jwks-file": { env: "ONCEPORT_JWT_JWKS_FILE", default: "" },
  "jwt-key-file": { env: "ONCEPORT_JWT_KEY_FILE", default: "" },
  "jwt-issuer": { env: "ONCEPORT_JWT_ISSUER", default: "" },
  "jwt-audience": { env: "ONCEPORT_JWT_AUDIENCE", default: "" },
  "jwt-algorithms": { env: "ONCEPORT_JWT_ALGORITHMS", default: "RS256,PS256,ES256,ES384,EdDSA" },
  "jwt-principal-claim": { env: "ONCEPORT_JWT_PRINCIPAL_CLAIM", default: "sub" },
  "jwt-clock-tolerance-s": { env: "ONCEPORT_JWT_CLOCK_TOLERANCE_S", default: "5" },
  policy: { env: "ONCEPORT_POLICY", default: "" },
  "max-sessions-per-principal": { env: "ONCEPORT_MAX_SESSIONS_PER_PRINCIPAL", default: "250" },
  "max-open-transactions": { env: "ONCEPORT_MAX_OPEN_TRANSACTIONS", default: "1000" },
  "max-open-transactions-per-principal": {
    env: "ONCEPORT_MAX_OPEN_TRANSACTIONS_PER_PRINCIPAL",
    default: "250",
  },
  "max-unauthenticated-calls": { env: "ONCEPORT_MAX_UNAUTHENTICATED_CALLS", default: "100" },
  "rate-limit-per-principal": { env: "ONCEPORT_RATE_LIMIT_PER_PRINCIPAL", default: "10000" },
  "rate-limit-burst": { env: "ONCEPORT_RATE_LIMIT_BURST", default: "20000" },
  "kafka-tls": { env: "ONCEPORT_KAFKA_TLS", default: "false" },
  "kafka-tls-ca": { env: "ONCEPORT_KAFKA_TLS_CA", default: "" },
  "kafka-tls-cert": { env: "ONCEPORT_KAFKA_TLS_CERT", default: "" },
  "kafka-tls-key": { env: "ONCEPORT_KAFKA_TLS_KEY", default: "" },
  "kafka-sasl-mechanism": { env: "ONCEPORT_KAFKA_SASL_MECHANISM", default: "" },
  "kafka-sasl-username": { env: "ONCEPORT_KAFKA_SASL_USERNAME", default: "" },
  // The password itself: ONCEPORT_KAFKA_SASL_PASSWORD (environment only, no flag: flags show in `ps`).
  "kafka-sasl-password-file": { env: "ONCEPORT_KAFKA_SASL_PASSWORD_FILE", default: "" },
} as const;

type Name = keyof typeof securitySettings;

/** How config.ts reads one setting (flag, then environment, then default). */
export interface SettingReader {
  text(name: Name): string;
  int(name: Name, min: number): number;
  bool(name: Name): boolean;
}

/** The security part of the configuration, checked for combinations that cannot work or are unsafe. */
export function loadSecurityConfig(read: SettingReader, env: NodeJS.ProcessEnv): SecurityConfig {
  const auth = oneOf(read, "auth", ["none", "mtls", "jwt", "mtls-or-jwt"] as const);
  const config: SecurityConfig = {
    tlsCert: read.text("tls-cert"),
    tlsKey: read.text("tls-key"),
    tlsClientCa: read.text("tls-client-ca"),
    reloadIntervalMs: read.int("security-reload-ms", 100),
    auth,
    certificateIdentity: oneOf(read, "mtls-principal", ["cn", "san"] as const),
    jwt: {
      jwksFile: read.text("jwt-jwks-file"),
      keyFile: read.text("jwt-key-file"),
      issuer: read.text("jwt-issuer"),
      audience: read.text("jwt-audience"),
      algorithms: list(read.text("jwt-algorithms")),
      principalClaim: read.text("jwt-principal-claim"),
      clockToleranceSeconds: read.int("jwt-clock-tolerance-s", 0),
    },
    policyFile: read.text("policy"),
    maxSessionsPerPrincipal: read.int("max-sessions-per-principal", 1),
    maxOpenTransactions: read.int("max-open-transactions", 1),
    maxOpenTransactionsPerPrincipal: read.int("max-open-transactions-per-principal", 1),
    maxUnauthenticatedCalls: read.int("max-unauthenticated-calls", 1),
    ratePerPrincipal: read.int("rate-limit-per-principal", 0),
    rateBurst: read.int("rate-limit-burst", 1),
    kafka: {
      tls: read.bool("kafka-tls"),
      tlsCa: read.text("kafka-tls-ca"),
      tlsCert: read.text("kafka-tls-cert"),
      tlsKey: read.text("kafka-tls-key"),
      saslMechanism: oneOf(read, "kafka-sasl-mechanism", [
        "",
        "scram-sha-256",
        "scram-sha-512",
        "plain",
      ] as const),
      saslUsername: read.text("kafka-sasl-username"),
      saslPassword: readSecret(env.ONCEPORT_KAFKA_SASL_PASSWORD, read.text("kafka-sasl-password-file")),
    },
  };
  check(config);
  return config;
}

/** True when the gateway serves TLS. */
export function servesTls(config: SecurityConfig): boolean {
  return config.tlsCert !== "";
}

function check(config: SecurityConfig): void {
  if ((config.tlsCert === "") !== (config.tlsKey === "")) {
    throw new ConfigError("--tls-cert and --tls-key go together");
  }
  if (config.tlsClientCa !== "" && !servesTls(config)) {
    throw new ConfigError("--tls-client-ca needs --tls-cert and --tls-key");
  }
  if (config.auth !== "none" && !servesTls(config)) {
    // Tokens and principals over plaintext can be read and replayed by anyone on the path.
    throw new ConfigError(`--auth ${config.auth} needs TLS: set --tls-cert and --tls-key`);
  }
  if (config.auth.includes("mtls") && config.tlsClientCa === "") {
    throw new ConfigError(
      `--auth ${config.auth} needs --tls-client-ca (the CA client certificates chain to)`,
    );
  }
  if (config.auth.includes("jwt")) {
    const { jwksFile, keyFile, issuer, audience } = config.jwt;
    if ((jwksFile === "") === (keyFile === "")) {
      throw new ConfigError(`--auth ${config.auth} needs exactly one of --jwt-jwks-file and --jwt-key-file`);
    }
    if (issuer === "" || audience === "") {
      throw new ConfigError(`--auth ${config.auth} needs --jwt-issuer and --jwt-audience (both are checked)`);
    }
  }
  if (config.auth !== "none" && config.policyFile === "") {
    throw new ConfigError(`--auth ${config.auth} needs --policy: who may use which client ids and topics`);
  }
  const kafka = config.kafka;
  if ((kafka.tlsCert === "") !== (kafka.tlsKey === "")) {
    throw new ConfigError("--kafka-tls-cert and --kafka-tls-key go together");
  }
  if (!kafka.tls && (kafka.tlsCa !== "" || kafka.tlsCert !== "")) {
    throw new ConfigError("--kafka-tls-ca, --kafka-tls-cert and --kafka-tls-key need --kafka-tls true");
  }
  if (kafka.saslMechanism !== "" && (kafka.saslUsername === "" || kafka.saslPassword === undefined)) {
    throw new ConfigError(
      "--kafka-sasl-mechanism needs --kafka-sasl-username and a password (ONCEPORT_KAFKA_SASL_PASSWORD or --kafka-sasl-password-file)",
    );
  }
}

function oneOf<T extends string>(read: SettingReader, name: Name, allowed: readonly T[]): T {
  const value = read.text(name);
  const found = allowed.find((candidate) => candidate === value);
  if (found === undefined) {
    const shown = allowed.map((option) => (option === "" ? '""' : option)).join(", ");
    throw new ConfigError(
      `--${name} (${securitySettings[name].env}) must be one of ${shown}, got "${value}"`,
    );
  }
  return found;
}

function list(text: string): string[] {
  return text
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}
