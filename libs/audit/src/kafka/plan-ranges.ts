// Which offsets an audit reads: per partition, from the log start (or the asked-for offset or
// time) to the LSO when the audit began (or the asked-for end, if earlier). The LSO is where a
// read_committed reader must stop; reading to it means the audit judges a fixed snapshot.
import type { KafkaAdmin } from "@onceport/kafka";
import { logStarts, offsetsAtTime, partitionList, settledStableOffsets, stableOffsets } from "./offsets.ts";
import { type PartitionRange, partitionKey } from "./partition-range.ts";

export type Bound = { readonly offset: number } | { readonly timestamp: number };

export interface PlannedPartition extends PartitionRange {
  readonly low: number;
  /** The LSO when the audit began. */
  readonly stable: number;
}

/**
 * `partitions`: each topic's partitions (topicPartitions), planned in that order. `settleMs`:
 * how long to wait for the LSOs to reach the high watermarks they start below (see
 * settledStableOffsets); none by default.
 */
export async function planRanges(
  admin: KafkaAdmin,
  partitions: ReadonlyMap<string, readonly number[]>,
  from: Bound | undefined,
  to: Bound | undefined,
  settleMs = 0,
): Promise<PlannedPartition[]> {
  const list = partitionList(partitions);
  if (list.length === 0) return [];
  const lows = await logStarts(admin, list);
  const stables =
    settleMs > 0 ? await settledStableOffsets(admin, list, settleMs) : await stableOffsets(admin, list);
  const starts =
    from !== undefined && "timestamp" in from ? await offsetsAtTime(admin, list, from.timestamp) : undefined;
  const ends =
    to !== undefined && "timestamp" in to ? await offsetsAtTime(admin, list, to.timestamp) : undefined;
  return list.map(({ topic, partition }) => {
    const key = partitionKey(topic, partition);
    const low = lows.get(key) ?? 0;
    const stable = stables.get(key) ?? low;
    let start = low;
    if (from !== undefined)
      start = Math.max(low, "offset" in from ? from.offset : (starts?.get(key) ?? stable));
    let end = stable;
    if (to !== undefined) end = Math.min(stable, "offset" in to ? to.offset : (ends?.get(key) ?? stable));
    return { topic, partition, start: Math.min(start, end), end, low, stable };
  });
}
