// Which offsets an audit reads: per partition, from the log start (or the asked-for offset or
// time) to the LSO when the audit began (or the asked-for end, if earlier). The LSO is where a
// read_committed reader must stop; reading to it means the audit judges a fixed snapshot.
import type { Admin } from "kafkajs";
import { offsetsAtTime, stableOffsets } from "./offsets.ts";
import type { PartitionRange } from "./partition-range.ts";

export type Bound = { readonly offset: number } | { readonly timestamp: number };

export interface PlannedPartition extends PartitionRange {
  readonly low: number;
  /** The LSO when the audit began. */
  readonly stable: number;
}

export async function planRanges(
  admin: Admin,
  topics: readonly string[],
  from: Bound | undefined,
  to: Bound | undefined,
): Promise<PlannedPartition[]> {
  const planned: PlannedPartition[] = [];
  for (const topic of topics) {
    const offsets = await stableOffsets(admin, topic);
    const starts =
      from !== undefined && "timestamp" in from
        ? await offsetsAtTime(admin, topic, from.timestamp)
        : undefined;
    const ends =
      to !== undefined && "timestamp" in to ? await offsetsAtTime(admin, topic, to.timestamp) : undefined;
    for (const { partition, low, stable } of offsets) {
      let start = low;
      if (from !== undefined)
        start = Math.max(low, "offset" in from ? from.offset : (starts?.get(partition) ?? stable));
      let end = stable;
      if (to !== undefined)
        end = Math.min(stable, "offset" in to ? to.offset : (ends?.get(partition) ?? stable));
      planned.push({ topic, partition, start: Math.min(start, end), end, low, stable });
    }
  }
  return planned;
}
