import { readFileSync, statSync } from "node:fs";
import { stat } from "node:fs/promises";
import { createSecureContext } from "node:tls";
import { experimental, ServerCredentials } from "@grpc/grpc-js";
import type { Logger } from "../logger.ts";
import { type SecurityConfig, servesTls } from "./security-settings.ts";

type IdentityListener = experimental.IdentityCertificateUpdateListener;
type CaListener = experimental.CaCertificateUpdateListener;

/** The gRPC server's credentials: plaintext, TLS, or mutual TLS; `close` stops watching the files. */
export function serverCredentials(
  config: SecurityConfig,
  logger: Logger,
): { credentials: ServerCredentials; close(): void } {
  if (!servesTls(config)) return { credentials: ServerCredentials.createInsecure(), close: () => {} };
  const certificates = new ReloadingCertificates(config, logger.child({ component: "tls" }));
  // A client CA makes the certificate compulsory, unless a bearer token may stand in for it.
  const requireClientCertificate = config.tlsClientCa !== "" && !config.auth.includes("jwt");
  const credentials = experimental.createCertificateProviderServerCredentials(
    certificates,
    config.tlsClientCa === "" ? null : certificates,
    requireClientCertificate,
  );
  return { credentials, close: () => certificates.close() };
}

interface Loaded {
  readonly version: string;
  readonly identity: experimental.IdentityCertificateUpdate;
  readonly ca: experimental.CaCertificateUpdate | null;
}

/**
 * The gateway's certificate, key and client CA, read at start (bad files stop
 * the start) and again when they change, so certificates rotate without a
 * restart. A new set is used only if it makes a valid TLS context (a key that
 * does not match its certificate, a half-written file): otherwise the last
 * good set stays. (grpc-js's own FileWatcherCertificateProvider would drop
 * every connection on such a set.)
 */
class ReloadingCertificates implements experimental.CertificateProvider {
  private loaded: Loaded;
  private readonly identityListeners = new Set<IdentityListener>();
  private readonly caListeners = new Set<CaListener>();
  private readonly timer: NodeJS.Timeout;

  private readonly config: SecurityConfig;
  private readonly logger: Logger;

  constructor(config: SecurityConfig, logger: Logger) {
    this.config = config;
    this.logger = logger;
    this.loaded = this.read(this.versionNow());
    this.timer = setInterval(() => {
      this.check().catch(() => {});
    }, config.reloadIntervalMs);
    this.timer.unref();
  }

  addIdentityCertificateListener(listener: IdentityListener): void {
    this.identityListeners.add(listener);
    // grpc-js registers its server as a watcher only after this returns: answer on the next turn.
    setImmediate(() => {
      if (this.identityListeners.has(listener)) listener(this.loaded.identity);
    });
  }

  removeIdentityCertificateListener(listener: IdentityListener): void {
    this.identityListeners.delete(listener);
  }

  addCaCertificateListener(listener: CaListener): void {
    this.caListeners.add(listener);
    setImmediate(() => {
      if (this.caListeners.has(listener)) listener(this.loaded.ca);
    });
  }

  removeCaCertificateListener(listener: CaListener): void {
    this.caListeners.delete(listener);
  }

  close(): void {
    clearInterval(this.timer);
  }

  private files(): string[] {
    return [this.config.tlsCert, this.config.tlsKey, this.config.tlsClientCa].filter((file) => file !== "");
  }

  private versionNow(): string {
    return this.files()
      .map((file) => {
        const stats = statSync(file);
        return `${stats.mtimeMs}/${stats.size}/${stats.ino}`;
      })
      .join(",");
  }

  private read(version: string): Loaded {
    const certificate = readFileSync(this.config.tlsCert);
    const privateKey = readFileSync(this.config.tlsKey);
    const ca = this.config.tlsClientCa === "" ? undefined : readFileSync(this.config.tlsClientCa);
    // Throws on a key that does not match, or a file that is not PEM.
    createSecureContext({ cert: certificate, key: privateKey, ...(ca ? { ca } : {}) });
    return { version, identity: { certificate, privateKey }, ca: ca ? { caCertificate: ca } : null };
  }

  private async check(): Promise<void> {
    let version: string;
    try {
      version = (await Promise.all(this.files().map((file) => stat(file))))
        .map((stats) => `${stats.mtimeMs}/${stats.size}/${stats.ino}`)
        .join(",");
    } catch (error) {
      this.logger.error({ err: error }, "TLS files unreadable: the last good certificates stay in use");
      return;
    }
    if (version === this.loaded.version) return;
    try {
      this.loaded = this.read(version);
    } catch (error) {
      this.logger.error(
        { err: error },
        "new TLS files are not usable: the last good certificates stay in use",
      );
      return;
    }
    this.logger.info("TLS certificates reloaded");
    for (const listener of this.identityListeners) listener(this.loaded.identity);
    for (const listener of this.caListeners) listener(this.loaded.ca);
  }
}
