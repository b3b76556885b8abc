/** What to read of one partition: offsets from `start` (inclusive) to `end` (exclusive). */
export interface PartitionRange {
  readonly topic: string;
  readonly partition: number;
  readonly start: number;
  readonly end: number;
}

export function partitionKey(topic: string, partition: number): string {
  return `${topic}/${partition}`;
}
