// Where the Process scenario's inputs landed. They are written in transactions, and each
// transaction's commit marker takes an offset of its own in every partition it wrote, so an
// input partition's offsets are not its record count: progress (the group's committed
// offsets) is counted against the offsets the inputs really took.

interface Run {
  readonly base: number;
  readonly count: number;
}

export class InputOffsets {
  /** Per partition, runs of consecutive input offsets, in the order written. */
  private readonly runs = new Map<number, Run[]>();

  /** `count` inputs written to `partition` from offset `base` on. */
  add(partition: number, base: number, count: number): void {
    const runs = this.runs.get(partition) ?? [];
    runs.push({ base, count });
    this.runs.set(partition, runs);
  }

  /** How many inputs of `partition` lie before `offset` (what a group committed there has processed). */
  before(partition: number, offset: number): number {
    let inputs = 0;
    for (const { base, count } of this.runs.get(partition) ?? []) {
      inputs += Math.max(0, Math.min(count, offset - base));
    }
    return inputs;
  }

  /** Per partition 0 .. partitions - 1, the offset past its last input written so far (0: none yet). */
  ends(partitions: number): Map<number, number> {
    return new Map(
      Array.from({ length: partitions }, (_, partition) => {
        const last = this.runs.get(partition)?.at(-1);
        return [partition, last === undefined ? 0 : last.base + last.count];
      }),
    );
  }
}
