import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { SubscribePositionSchema } from "@onceport/api";
import { OnceportError } from "@onceport/errors";

/** The next offset to read of one partition. */
export interface PartitionPosition {
  readonly topic: string;
  readonly partition: number;
  readonly nextOffset: bigint;
}

/** Versioned, so the token's content can change without old tokens being misread. */
const prefix = "p1.";

/** An opaque, URL-safe token for the positions (a SubscribePosition, base64url). */
export function encodePosition(positions: Iterable<PartitionPosition>): string {
  const message = create(SubscribePositionSchema, {
    offsets: [...positions].map(({ topic, partition, nextOffset }) => ({ topic, partition, nextOffset })),
  });
  return prefix + Buffer.from(toBinary(SubscribePositionSchema, message)).toString("base64url");
}

/** The positions in a token; INVALID_ARGUMENT when it is not one this gateway wrote. */
export function decodePosition(token: string): PartitionPosition[] {
  const body = token.slice(prefix.length);
  if (!token.startsWith(prefix) || !/^[A-Za-z0-9_-]*$/.test(body)) throw invalid();
  let offsets: PartitionPosition[];
  try {
    offsets = fromBinary(SubscribePositionSchema, Buffer.from(body, "base64url")).offsets;
  } catch (error) {
    throw invalid(error);
  }
  for (const { topic, partition, nextOffset } of offsets) {
    if (topic === "" || partition < 0 || nextOffset < 0n) throw invalid();
  }
  return offsets.map(({ topic, partition, nextOffset }) => ({ topic, partition, nextOffset }));
}

function invalid(cause?: unknown): OnceportError {
  return new OnceportError("INVALID_ARGUMENT", "the position is not a token from a Subscribe response", {
    cause,
  });
}
