import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { type SubscribePosition, SubscribePositionSchema } from "@onceport/api";
import type { ConsumedRecord } from "@onceport/sdk";

// The gateway's position token: "p1." and a onceport.v1.SubscribePosition in base64url.
const prefix = "p1.";

/**
 * The position right after `record`, from the position after its whole batch: the same
 * offsets, with the record's partition set back to the record's next offset. `--count` may
 * end inside a batch, and the SDK tells a position per batch only; without this, a resume
 * would print the batch's first records again. Undefined for a token of another version:
 * the caller falls back to the position before the batch (at least once).
 */
export function positionAfter(batchPosition: string, record: ConsumedRecord): string | undefined {
  if (!batchPosition.startsWith(prefix)) return undefined;
  let decoded: SubscribePosition;
  try {
    decoded = fromBinary(
      SubscribePositionSchema,
      Buffer.from(batchPosition.slice(prefix.length), "base64url"),
    );
  } catch {
    return undefined;
  }
  const next = BigInt(record.offset) + 1n;
  let found = false;
  const offsets = decoded.offsets.map((entry) => {
    if (entry.topic !== record.topic || entry.partition !== record.partition) return entry;
    found = true;
    return { ...entry, nextOffset: next };
  });
  if (!found) return undefined;
  const message = create(SubscribePositionSchema, { offsets });
  return prefix + Buffer.from(toBinary(SubscribePositionSchema, message)).toString("base64url");
}
