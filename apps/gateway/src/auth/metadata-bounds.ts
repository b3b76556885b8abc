import type { Metadata } from "@grpc/grpc-js";
import { OnceportError } from "@onceport/errors";

// What a call may bring in its headers. Node's HTTP/2 takes a header list of any size and one
// header of up to 64 KiB as HPACK encodes it (nghttp2's NGHTTP2_HD_MAX_NV; beyond it the whole
// connection ends with COMPRESSION_ERROR, before any gRPC code runs, and no option of Node or
// grpc-js moves it). Within that, the gateway answers oversized metadata itself, with a reason,
// on a connection that goes on serving: HTTP/2's own refusal (a RST_STREAM for a header list
// over SETTINGS_MAX_HEADER_LIST_SIZE) carries no reason and reads as a transport fault.

/** Bytes of an `authorization` header: a bearer token with room for many claims. */
export const maxTokenBytes = 16_384;

/** Bytes of a call's other metadata (names and values). */
export const maxMetadataBytes = 16_384;

/**
 * Why a call's metadata is refused before anything reads it, if it is: an `authorization` header
 * over its bound (UNAUTHENTICATED), or the rest over theirs (REQUEST_TOO_LARGE); neither retriable.
 */
export function oversizedMetadata(metadata: Metadata): OnceportError | undefined {
  let bytes = 0;
  for (const [name, values] of Object.entries(metadata.toJSON())) {
    for (const value of values) {
      if (name !== "authorization") bytes += name.length + value.length;
      else if (value.length > maxTokenBytes) {
        return new OnceportError(
          "UNAUTHENTICATED",
          `the authorization header holds a token of ${value.length} bytes, more than the ${maxTokenBytes} this gateway accepts`,
        );
      }
    }
  }
  if (bytes <= maxMetadataBytes) return undefined;
  return new OnceportError(
    "REQUEST_TOO_LARGE",
    `the call carries metadata of ${bytes} bytes, more than the ${maxMetadataBytes} this gateway reads`,
  );
}
