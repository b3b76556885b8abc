import type { TopicDescription } from "@onceport/kafka";

/** What `topics create` was told; undefined: not given, so any value of an existing topic will do. */
export interface AskedSettings {
  readonly partitions: number | undefined;
  readonly replicationFactor: number | undefined;
}

/**
 * How an existing topic differs from what was asked, one phrase per setting ("3 partitions,
 * not 6"); empty when it has them. Creating it again is then a no-op: a script may create
 * its topics on every run, and learns when one was made by someone else, differently.
 */
export function settingsDiffer(topic: TopicDescription, asked: AskedSettings): string[] {
  const differences: string[] = [];
  const partitions = topic.partitions.length;
  if (asked.partitions !== undefined && partitions !== asked.partitions)
    differences.push(`${partitions} partitions, not ${asked.partitions}`);
  const replicas = new Set(topic.partitions.map((partition) => partition.replicas.length));
  if (
    asked.replicationFactor !== undefined &&
    (replicas.size !== 1 || !replicas.has(asked.replicationFactor))
  )
    differences.push(`replication factor ${[...replicas].join("/")}, not ${asked.replicationFactor}`);
  return differences;
}
