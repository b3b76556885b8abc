import { GatewayService, ServiceClient } from "@onceport/api";
import { fromGrpcError } from "@onceport/errors";

/**
 * A raw gRPC client of GatewayService: the thinnest driver there is, so what
 * it measures is the gateway, not a client library's retries and bookkeeping.
 * Plaintext; unary errors arrive as OnceportError.
 */
export class GatewayClient extends ServiceClient<typeof GatewayService> {
  constructor(address: string) {
    super(GatewayService, address, { mapError: fromGrpcError });
  }
}
