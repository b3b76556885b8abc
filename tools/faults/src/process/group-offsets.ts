// Where a Process group stands: its committed offset per input partition (the next input to
// process), read from Kafka as any operator would, and how many inputs that accounts for.
import { setTimeout as sleep } from "node:timers/promises";
import type { KafkaAdmin } from "@onceport/kafka";
import { devKafkaClient } from "@onceport/kafka-dev/testing";
import type { InputOffsets } from "./input-offsets.ts";

export class GroupWatch {
  private readonly admin: KafkaAdmin;
  private readonly group: string;
  private readonly topic: string;
  private readonly inputs: InputOffsets;
  private readonly partitions: { topic: string; partition: number }[];

  private constructor(
    admin: KafkaAdmin,
    group: string,
    topic: string,
    inputs: InputOffsets,
    partitions: number[],
  ) {
    this.admin = admin;
    this.group = group;
    this.topic = topic;
    this.inputs = inputs;
    this.partitions = partitions.map((partition) => ({ topic, partition }));
  }

  /** Watches `group` on `topic`, whose inputs landed where `inputs` says. */
  static async open(
    brokers: readonly string[],
    group: string,
    topic: string,
    inputs: InputOffsets,
  ): Promise<GroupWatch> {
    const admin = await (await devKafkaClient(brokers, "onceport-faults-group")).admin();
    try {
      const [described] = await admin.describeTopics([topic]);
      const partitions = (described?.partitions ?? []).map(({ partition }) => partition);
      return new GroupWatch(admin, group, topic, inputs, partitions);
    } catch (error) {
      await admin.close().catch(() => undefined);
      throw error;
    }
  }

  /** Committed offset per partition (absent: nothing committed yet). */
  async committed(): Promise<Map<number, number>> {
    const offsets = await this.admin.listGroupOffsets(this.group, this.partitions);
    return new Map(offsets.map((entry) => [entry.partition, Number(entry.offset)]));
  }

  /** Inputs processed by a group standing at `committed` (markers between them not counted). */
  processed(committed: ReadonlyMap<number, number>): number {
    let inputs = 0;
    for (const [partition, offset] of committed) inputs += this.inputs.before(partition, offset);
    return inputs;
  }

  /** Input records committed so far. */
  async total(): Promise<number> {
    return this.processed(await this.committed());
  }

  /** Waits until `count` inputs are committed; throws after `timeoutMs`. */
  async waitForTotal(count: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const total = await this.total();
      if (total >= count) return;
      if (Date.now() > deadline) {
        throw new Error(`group ${this.group} on ${this.topic} committed ${total} of ${count} inputs`);
      }
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
    await this.admin.close();
  }
}
