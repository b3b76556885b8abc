// Where a Process group stands: its committed offset per input partition (the next input to
// process), read from Kafka as any operator would.
import { setTimeout as sleep } from "node:timers/promises";
import { createKafka } from "@onceport/kafka-dev/testing";
import type { Admin } from "kafkajs";

export class GroupWatch {
  private readonly admin: Admin;
  private readonly group: string;
  private readonly topic: string;

  private constructor(admin: Admin, group: string, topic: string) {
    this.admin = admin;
    this.group = group;
    this.topic = topic;
  }

  static async open(brokers: readonly string[], group: string, topic: string): Promise<GroupWatch> {
    const admin = createKafka(brokers, "onceport-faults-group").admin();
    await admin.connect();
    return new GroupWatch(admin, group, topic);
  }

  /** Committed offset per partition (-1 or absent: nothing committed yet). */
  async committed(): Promise<Map<number, number>> {
    const [offsets] = await this.admin.fetchOffsets({ groupId: this.group, topics: [this.topic] });
    return new Map((offsets?.partitions ?? []).map((entry) => [entry.partition, Number(entry.offset)]));
  }

  /** Input records committed: the sum of the committed offsets. */
  async total(): Promise<number> {
    return [...(await this.committed()).values()].reduce((sum, offset) => sum + Math.max(0, offset), 0);
  }

  /** Waits until `count` inputs are committed; throws after `timeoutMs`. */
  async waitForTotal(count: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const total = await this.total();
      if (total >= count) return;
      if (Date.now() > deadline) throw new Error(`group ${this.group} committed ${total} of ${count} inputs`);
      await sleep(250);
    }
  }

  /**
   * How long after `since` until every partition's committed offset moved past where it
   * stood in `before`, or reached `ends` (nothing left to do there); undefined past the bound.
   */
  async allAdvanced(
    before: ReadonlyMap<number, number>,
    ends: () => ReadonlyMap<number, number>,
    since: number,
    boundMs: number,
  ): Promise<number | undefined> {
    for (;;) {
      const now = await this.committed();
      const end = ends();
      const stuck = [...end.keys()].filter((partition) => {
        const offset = now.get(partition) ?? -1;
        return offset <= (before.get(partition) ?? -1) && offset < (end.get(partition) ?? 0);
      });
      if (stuck.length === 0) return Date.now() - since;
      if (Date.now() - since > boundMs) return undefined;
      await sleep(200);
    }
  }

  async close(): Promise<void> {
    await this.admin.disconnect();
  }
}
