// The binding carries offsets as JavaScript numbers; Onceport as bigints. Offsets stay far
// below 2^53 in practice, but one that does not fit is refused rather than rounded.
import { refused } from "./librdkafka-errors.ts";

export function toRdkafkaOffset(offset: bigint): number {
  const value = Number(offset);
  if (!Number.isSafeInteger(value) || value < 0) {
    throw refused("invalid-argument", `offset ${offset} is not one librdkafka's binding can carry`);
  }
  return value;
}
