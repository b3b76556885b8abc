import { type ChannelCredentials, credentials, Metadata } from "@grpc/grpc-js";

type Pem = string | Buffer;

export interface GatewayCredentialsOptions {
  /** The CA (PEM) the gateway's certificate chains to; default: the platform's trusted roots. */
  readonly ca?: Pem;
  /** A client certificate and its key (PEM), for a gateway that authenticates callers by mutual TLS. */
  readonly cert?: Pem;
  readonly key?: Pem;
  /**
   * A bearer token (JWT) for a gateway that authenticates callers by token, or
   * a function asked before each call, so a token can be renewed.
   */
  readonly token?: string | (() => string | Promise<string>);
}

/**
 * Channel credentials for a secured gateway, for `connect({ credentials })`:
 * TLS, a client certificate (mutual TLS), and a bearer token sent as call
 * credentials (`authorization: Bearer <token>`, only ever over TLS).
 *
 * ```ts
 * const client = await connect({
 *   address: "gateway.internal:50051",
 *   clientId: "orders-service",
 *   credentials: gatewayCredentials({ ca: readFileSync("ca.crt"), token: () => tokens.current() }),
 * });
 * ```
 */
export function gatewayCredentials(options: GatewayCredentialsOptions = {}): ChannelCredentials {
  if ((options.cert === undefined) !== (options.key === undefined)) {
    throw new TypeError("gatewayCredentials: cert and key go together");
  }
  const pem = (value: Pem | undefined) => (value === undefined ? null : Buffer.from(value));
  const tls = credentials.createSsl(pem(options.ca), pem(options.key), pem(options.cert));
  const token = options.token;
  if (token === undefined) return tls;
  const bearer = credentials.createFromMetadataGenerator((_context, callback) => {
    Promise.resolve(typeof token === "function" ? token() : token).then(
      (value) => {
        const metadata = new Metadata();
        metadata.set("authorization", `Bearer ${value}`);
        callback(null, metadata);
      },
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
    );
  });
  return credentials.combineChannelCredentials(tls, bearer);
}
