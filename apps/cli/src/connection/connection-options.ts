import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { ParseArgsConfig } from "node:util";
import { UsageError } from "@onceport/errors";
import type { CliIo } from "../io.ts";

/** How to reach a gateway: flags every command that talks to one takes. */
export const connectionOptions = {
  address: { type: "string" },
  ca: { type: "string" },
  cert: { type: "string" },
  "cert-key": { type: "string" },
  token: { type: "string" },
  tls: { type: "boolean" },
  "connect-timeout": { type: "string" },
} as const satisfies NonNullable<ParseArgsConfig["options"]>;

export const connectionOptionsHelp = `  --address HOST:PORT     the gateway (env ONCEPORT_ADDRESS, default 127.0.0.1:50051)
  --ca PATH               TLS: the CA (PEM) the gateway's certificate chains to (env ONCEPORT_CA;
                          default: the system's trusted roots)
  --cert PATH             mutual TLS: this client's certificate (PEM, env ONCEPORT_CERT)...
  --cert-key PATH         ...and its private key (PEM, env ONCEPORT_CERT_KEY)
  --token TOKEN           a bearer token (JWT) for a gateway run with --auth jwt (env ONCEPORT_TOKEN,
                          which keeps it out of the process list)
  --tls                   TLS with none of the above (a gateway with a publicly trusted certificate);
                          any of them implies it. Default: plaintext, for a local development gateway
  --connect-timeout S     give up reaching the gateway after S seconds, when connecting and when it
                          drops mid-command (default 10)`;

/** The PEM files and token of a secured gateway; undefined for plaintext. */
export interface TlsSettings {
  readonly ca?: Buffer;
  readonly cert?: Buffer;
  readonly key?: Buffer;
  readonly token?: string;
}

export interface ConnectionSettings {
  readonly address: string;
  readonly tls: TlsSettings | undefined;
  readonly connectTimeoutMs: number;
}

/** The parsed `connectionOptions`. */
export interface ConnectionFlags {
  readonly address?: string | undefined;
  readonly ca?: string | undefined;
  readonly cert?: string | undefined;
  readonly "cert-key"?: string | undefined;
  readonly token?: string | undefined;
  readonly tls?: boolean | undefined;
  readonly "connect-timeout"?: string | undefined;
}

export function gatewayAddress(flag: string | undefined, io: CliIo): string {
  return flag ?? io.env.ONCEPORT_ADDRESS ?? "127.0.0.1:50051";
}

/**
 * The flags, else the environment (so a secured gateway is set up once per shell),
 * with the PEM files read now: a path that cannot be read is a wrong command line.
 */
export function connectionSettings(flags: ConnectionFlags, io: CliIo): ConnectionSettings {
  const pem = (flag: "ca" | "cert" | "cert-key", env: string): Buffer | undefined => {
    const path = flags[flag] ?? nonEmpty(io.env[env]);
    if (path === undefined) return undefined;
    try {
      return readFileSync(resolve(io.cwd, path));
    } catch (error) {
      const why = (error as NodeJS.ErrnoException).code ?? String(error);
      throw new UsageError(`--${flag} ${path}: cannot read it (${why})`);
    }
  };
  const ca = pem("ca", "ONCEPORT_CA");
  const cert = pem("cert", "ONCEPORT_CERT");
  const key = pem("cert-key", "ONCEPORT_CERT_KEY");
  if ((cert === undefined) !== (key === undefined))
    throw new UsageError("--cert and --cert-key go together (a client certificate and its key)");
  const token = flags.token ?? nonEmpty(io.env.ONCEPORT_TOKEN);
  const secured = flags.tls === true || ca !== undefined || cert !== undefined || token !== undefined;
  return {
    address: gatewayAddress(flags.address, io),
    tls: secured
      ? {
          ...(ca === undefined ? {} : { ca }),
          ...(cert === undefined || key === undefined ? {} : { cert, key }),
          ...(token === undefined ? {} : { token }),
        }
      : undefined,
    connectTimeoutMs: seconds("connect-timeout", flags["connect-timeout"], 10),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}

function seconds(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback * 1000;
  const value = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(value) || value <= 0)
    throw new UsageError(`--${name} takes seconds > 0, got "${raw}"`);
  return Math.round(value * 1000);
}
