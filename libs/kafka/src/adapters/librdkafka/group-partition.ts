// What the group consumer knows of one assigned partition: the batch its handler has, the
// records fetched meanwhile (handed out next, in order), where it reads from next, and a seek
// still to be made. A partition's state is dropped when it is revoked or assigned again, so a
// handler that returns afterwards finds it gone and changes nothing.
import type { ConsumedRecord, TopicPartition } from "../../records.ts";

export interface FetchedRecords {
  readonly records: ConsumedRecord[];
  /** Past the last record and past what read_committed skipped (the consumer's position). */
  nextOffset: bigint;
}

export class GroupPartition {
  readonly topic: string;
  readonly partition: number;
  /** The handler under way, if any. */
  busy: Promise<void> | undefined;
  /** Fetched since the last batch was handed out, not yet handed out. */
  fetched: FetchedRecords | undefined;
  /** Where reading goes on: after the last batch, or a seek; undefined until known. */
  next: bigint | undefined;
  /** A seek not yet made: records fetched until it is are dropped. */
  pendingSeek: bigint | undefined;
  /** seek() was called while a handler was under way (its undefined then means "go on from there"). */
  soughtWhileBusy = false;
  /** Paused in librdkafka, so that no more is fetched while a batch waits. */
  paused = false;

  constructor({ topic, partition }: TopicPartition) {
    this.topic = topic;
    this.partition = partition;
  }

  get topicPartition(): TopicPartition {
    return { topic: this.topic, partition: this.partition };
  }

  /** Adds what one consume() brought, `position` being the consumer's position after it. */
  take(records: readonly ConsumedRecord[], position: bigint | undefined): void {
    if (this.pendingSeek !== undefined) return;
    const last = records.at(-1);
    let nextOffset = last === undefined ? (this.fetched?.nextOffset ?? this.next) : last.offset + 1n;
    if (nextOffset === undefined) return; // nothing read yet, and no position to go past
    if (position !== undefined && position > nextOffset) nextOffset = position;
    if (records.length === 0 && nextOffset === (this.fetched?.nextOffset ?? this.next)) return;
    if (this.fetched === undefined) this.fetched = { records: [...records], nextOffset };
    else {
      this.fetched.records.push(...records);
      this.fetched.nextOffset = nextOffset;
    }
  }

  /** Reads from `offset` next: what was fetched is dropped until the seek is made. */
  seek(offset: bigint): void {
    this.fetched = undefined;
    this.pendingSeek = offset;
    this.next = offset;
    if (this.busy !== undefined) this.soughtWhileBusy = true;
  }
}
