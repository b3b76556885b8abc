import type { SettingTable } from "../config/setting.ts";
import type { SettingReader } from "../config/setting-reader.ts";
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
  /** From ONCEPORT_KAFKA_SASL_PASSWORD, the config file or --kafka-sasl-password-file; never logged. */
  readonly saslPassword: Secret | undefined;
}

/** The security settings (merged into config.ts's table): flag, environment variable, file key, schema. */
export const securitySettings = {
  "tls-cert": {
    env: "ONCEPORT_TLS_CERT",
    path: "security.tlsCert",
    kind: "text",
    default: "",
    help: "the gateway's certificate (PEM file); with security.tlsKey: TLS, else plaintext",
  },
  "tls-key": {
    env: "ONCEPORT_TLS_KEY",
    path: "security.tlsKey",
    kind: "text",
    default: "",
    help: "its private key (PEM file)",
  },
  "tls-client-ca": {
    env: "ONCEPORT_TLS_CLIENT_CA",
    path: "security.tlsClientCa",
    kind: "text",
    default: "",
    help: "CA bundle client certificates must chain to; set: mutual TLS, a client certificate is required",
  },
  "security-reload-ms": {
    env: "ONCEPORT_SECURITY_RELOAD_MS",
    path: "security.reloadIntervalMs",
    kind: "integer",
    min: 100,
    default: "10000",
    help: "how often certificate, JWKS and policy files are checked for changes (reloaded live)",
  },
  auth: {
    env: "ONCEPORT_AUTH",
    path: "security.auth",
    kind: "text",
    values: ["none", "mtls", "jwt", "mtls-or-jwt"],
    default: "none",
    help: "how callers prove who they are (anything but none needs TLS and a policy)",
  },
  "mtls-principal": {
    env: "ONCEPORT_MTLS_PRINCIPAL",
    path: "security.mtlsPrincipal",
    kind: "text",
    values: ["cn", "san"],
    default: "cn",
    help: "which part of a client certificate names the principal",
  },
  "jwt-jwks-file": {
    env: "ONCEPORT_JWT_JWKS_FILE",
    path: "security.jwt.jwksFile",
    kind: "text",
    default: "",
    help: "JWKS file of the keys tokens are signed with (or security.jwt.keyFile)",
  },
  "jwt-key-file": {
    env: "ONCEPORT_JWT_KEY_FILE",
    path: "security.jwt.keyFile",
    kind: "text",
    default: "",
    help: "one public key (PEM file) tokens are signed with",
  },
  "jwt-issuer": {
    env: "ONCEPORT_JWT_ISSUER",
    path: "security.jwt.issuer",
    kind: "text",
    default: "",
    help: "the iss every token must carry",
  },
  "jwt-audience": {
    env: "ONCEPORT_JWT_AUDIENCE",
    path: "security.jwt.audience",
    kind: "text",
    default: "",
    help: "the aud every token must carry",
  },
  "jwt-algorithms": {
    env: "ONCEPORT_JWT_ALGORITHMS",
    path: "security.jwt.algorithms",
    kind: "list",
    default: "RS256,PS256,ES256,ES384,EdDSA",
    help: "signature algorithms accepted",
  },
  "jwt-principal-claim": {
    env: "ONCEPORT_JWT_PRINCIPAL_CLAIM",
    path: "security.jwt.principalClaim",
    kind: "text",
    default: "sub",
    help: "the claim that names the principal",
  },
  "jwt-clock-tolerance-s": {
    env: "ONCEPORT_JWT_CLOCK_TOLERANCE_S",
    path: "security.jwt.clockToleranceSeconds",
    kind: "integer",
    min: 0,
    default: "5",
    help: "clock skew allowed on exp and nbf, in seconds",
  },
  policy: {
    env: "ONCEPORT_POLICY",
    path: "security.policyFile",
    kind: "text",
    default: "",
    help: "policy file: principals, the client ids they may use, the topics they may write, read, process",
  },
  "max-sessions-per-principal": {
    env: "ONCEPORT_MAX_SESSIONS_PER_PRINCIPAL",
    path: "security.maxSessionsPerPrincipal",
    kind: "integer",
    min: 1,
    default: "250",
    help: "sessions open at once for one principal",
  },
  "max-open-transactions": {
    env: "ONCEPORT_MAX_OPEN_TRANSACTIONS",
    path: "security.maxOpenTransactions",
    kind: "integer",
    min: 1,
    default: "1000",
    help: "interactive transactions open at once on this gateway",
  },
  "max-open-transactions-per-principal": {
    env: "ONCEPORT_MAX_OPEN_TRANSACTIONS_PER_PRINCIPAL",
    path: "security.maxOpenTransactionsPerPrincipal",
    kind: "integer",
    min: 1,
    default: "250",
    help: "interactive transactions open at once for one principal",
  },
  "max-unauthenticated-calls": {
    env: "ONCEPORT_MAX_UNAUTHENTICATED_CALLS",
    path: "security.maxUnauthenticatedCalls",
    kind: "integer",
    min: 1,
    default: "100",
    help: "calls without credentials (health checks and watches) open at once",
  },
  "rate-limit-per-principal": {
    env: "ONCEPORT_RATE_LIMIT_PER_PRINCIPAL",
    path: "security.rateLimitPerPrincipal",
    kind: "integer",
    min: 0,
    default: "10000",
    help: "requests (unary calls and stream starts) per second per principal; 0: no limit",
  },
  "rate-limit-burst": {
    env: "ONCEPORT_RATE_LIMIT_BURST",
    path: "security.rateLimitBurst",
    kind: "integer",
    min: 1,
    default: "20000",
    help: "requests a principal may make at once above its rate",
  },
  "kafka-tls": {
    env: "ONCEPORT_KAFKA_TLS",
    path: "security.kafka.tls",
    kind: "boolean",
    default: "false",
    help: "TLS to the brokers",
  },
  "kafka-tls-ca": {
    env: "ONCEPORT_KAFKA_TLS_CA",
    path: "security.kafka.tlsCa",
    kind: "text",
    default: "",
    help: "CA bundle the brokers' certificates chain to (PEM file); none: the system's",
  },
  "kafka-tls-cert": {
    env: "ONCEPORT_KAFKA_TLS_CERT",
    path: "security.kafka.tlsCert",
    kind: "text",
    default: "",
    help: "client certificate for the brokers (PEM file)",
  },
  "kafka-tls-key": {
    env: "ONCEPORT_KAFKA_TLS_KEY",
    path: "security.kafka.tlsKey",
    kind: "text",
    default: "",
    help: "its private key (PEM file)",
  },
  "kafka-sasl-mechanism": {
    env: "ONCEPORT_KAFKA_SASL_MECHANISM",
    path: "security.kafka.saslMechanism",
    kind: "text",
    values: ["", "scram-sha-256", "scram-sha-512", "plain"],
    default: "",
    help: "SASL to the brokers; none: no SASL",
  },
  "kafka-sasl-username": {
    env: "ONCEPORT_KAFKA_SASL_USERNAME",
    path: "security.kafka.saslUsername",
    kind: "text",
    default: "",
    help: "the SASL user",
  },
  // Environment or config file only, no flag: flags show in `ps`.
  "kafka-sasl-password": {
    env: "ONCEPORT_KAFKA_SASL_PASSWORD",
    path: "security.kafka.saslPassword",
    kind: "text",
    default: "",
    secret: true,
    noFlag: true,
    help: "the SASL password (environment or config file only; or security.kafka.saslPasswordFile)",
  },
  "kafka-sasl-password-file": {
    env: "ONCEPORT_KAFKA_SASL_PASSWORD_FILE",
    path: "security.kafka.saslPasswordFile",
    kind: "text",
    default: "",
    help: "a file holding the SASL password (its trailing newline dropped)",
  },
} as const satisfies SettingTable;

type Name = keyof typeof securitySettings;

/** The security part of the configuration, checked for combinations that cannot work or are unsafe. */
export function loadSecurityConfig(read: SettingReader<Name>): SecurityConfig {
  const config: SecurityConfig = {
    tlsCert: read.text("tls-cert"),
    tlsKey: read.text("tls-key"),
    tlsClientCa: read.text("tls-client-ca"),
    reloadIntervalMs: read.int("security-reload-ms"),
    auth: oneOf(read, "auth", ["none", "mtls", "jwt", "mtls-or-jwt"] as const),
    certificateIdentity: oneOf(read, "mtls-principal", ["cn", "san"] as const),
    jwt: {
      jwksFile: read.text("jwt-jwks-file"),
      keyFile: read.text("jwt-key-file"),
      issuer: read.text("jwt-issuer"),
      audience: read.text("jwt-audience"),
      algorithms: read.list("jwt-algorithms"),
      principalClaim: read.text("jwt-principal-claim"),
      clockToleranceSeconds: read.int("jwt-clock-tolerance-s"),
    },
    policyFile: read.text("policy"),
    maxSessionsPerPrincipal: read.int("max-sessions-per-principal"),
    maxOpenTransactions: read.int("max-open-transactions"),
    maxOpenTransactionsPerPrincipal: read.int("max-open-transactions-per-principal"),
    maxUnauthenticatedCalls: read.int("max-unauthenticated-calls"),
    ratePerPrincipal: read.int("rate-limit-per-principal"),
    rateBurst: read.int("rate-limit-burst"),
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
      saslPassword: readSecret(read.text("kafka-sasl-password"), read.text("kafka-sasl-password-file")),
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
      "--kafka-sasl-mechanism needs --kafka-sasl-username and a password (ONCEPORT_KAFKA_SASL_PASSWORD, security.kafka.saslPassword or --kafka-sasl-password-file)",
    );
  }
}

/** Narrows a text the table already checked against these values. */
function oneOf<T extends string>(read: SettingReader<Name>, name: Name, allowed: readonly T[]): T {
  const value = read.text(name);
  const found = allowed.find((candidate) => candidate === value);
  if (found === undefined) throw new ConfigError(`--${name} must be one of ${allowed.join(", ")}`);
  return found;
}
