import { existsSync } from "node:fs";
import { chmod, mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { openssl } from "./openssl.ts";

/** `.cache/certs` of this checkout: git-ignored, like every other generated thing. */
export const DEFAULT_CERTS_DIR = resolve(import.meta.dirname, "..", "..", "..", ".cache", "certs");

/** A certificate and its private key, as PEM file paths. */
export interface CertFiles {
  readonly cert: string;
  readonly key: string;
}

export interface DevCerts {
  readonly dir: string;
  /** The CA that signed everything here: the gateway's `--tls-client-ca`, the clients' root. */
  readonly ca: CertFiles;
  /** The gateway's certificate: SAN `localhost` and `127.0.0.1`. */
  readonly server: CertFiles;
  /** One client certificate per name: subject CN = the name, SAN URI `spiffe://onceport.dev/<name>`. */
  readonly clients: Readonly<Record<string, CertFiles>>;
}

export interface DevCertsOptions {
  /** Where the files go (made if missing); default `.cache/certs`. */
  readonly dir?: string;
  /** Client names to issue certificates for. */
  readonly clients?: readonly string[];
  /** The CA's common name: two directories make two CAs that do not trust each other. */
  readonly caName?: string;
}

const clientNamePattern = /^[A-Za-z0-9._-]{1,64}$/;
// P-256: quick to make (milliseconds), and every TLS stack speaks it.
const newKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];

/**
 * A development CA with a server certificate and client certificates, made
 * with openssl. Files that exist are kept (a second run only adds missing
 * clients), so tests and a running gateway can share them.
 */
export async function makeDevCerts(options: DevCertsOptions = {}): Promise<DevCerts> {
  const dir = resolve(options.dir ?? DEFAULT_CERTS_DIR);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const ca = files(dir, "ca");
  if (!existsSync(ca.cert) || !existsSync(ca.key)) {
    await openssl(
      [
        "req",
        "-x509",
        ...newKey,
        "-keyout",
        ca.key,
        "-out",
        ca.cert,
        "-days",
        "3650",
        "-subj",
        `/O=Onceport development/CN=${options.caName ?? "Onceport development CA"}`,
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
      ],
      dir,
    );
    await chmod(ca.key, 0o600);
  }
  const server = await issue(dir, ca, "server", "localhost", [
    "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1",
    "extendedKeyUsage=serverAuth",
  ]);
  const clients: Record<string, CertFiles> = {};
  for (const name of options.clients ?? []) {
    if (!clientNamePattern.test(name))
      throw new Error(`a client name is 1 to 64 of [A-Za-z0-9._-]: "${name}"`);
    clients[name] = await issue(dir, ca, `client-${name}`, name, [
      `subjectAltName=URI:spiffe://onceport.dev/${name}`,
      "extendedKeyUsage=clientAuth",
    ]);
  }
  return { dir, ca, server, clients };
}

async function issue(
  dir: string,
  ca: CertFiles,
  base: string,
  commonName: string,
  extensions: readonly string[],
): Promise<CertFiles> {
  const out = files(dir, base);
  if (existsSync(out.cert) && existsSync(out.key)) return out;
  await openssl(
    [
      "req",
      "-x509",
      "-CA",
      ca.cert,
      "-CAkey",
      ca.key,
      ...newKey,
      "-keyout",
      out.key,
      "-out",
      out.cert,
      "-days",
      "825",
      "-subj",
      `/O=Onceport development/CN=${commonName}`,
      "-addext",
      "basicConstraints=critical,CA:FALSE",
      "-addext",
      "keyUsage=critical,digitalSignature,keyEncipherment",
      ...extensions.flatMap((extension) => ["-addext", extension]),
    ],
    dir,
  );
  await chmod(out.key, 0o600);
  return out;
}

function files(dir: string, base: string): CertFiles {
  return { cert: join(dir, `${base}.crt`), key: join(dir, `${base}.key`) };
}
