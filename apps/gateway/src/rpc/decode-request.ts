// Shared by every service folder (grpc/, process/, subscribe/, audit/): the one way a request's
// bytes are decoded, so that malformed bytes get the same answer on every RPC.
import { type DescMessage, fromBinary, type MessageShape } from "@bufbuild/protobuf";
import { OnceportError } from "@onceport/errors";

/** Decodes a request, or throws MALFORMED_REQUEST. */
export function decodeRequest<Desc extends DescMessage>(schema: Desc, bytes: Buffer): MessageShape<Desc> {
  try {
    return fromBinary(schema, bytes);
  } catch (error) {
    throw new OnceportError("MALFORMED_REQUEST", `the request is not a valid ${schema.typeName}`, {
      cause: error,
    });
  }
}
