// What one load client writes, fixed in advance, so that a retry (by the SDK, by the load
// client, or by a restarted client process) sends exactly the same publish with the same key.
//
// Client c writes `records` records, numbered i = 0, 1, 2, ... Record i goes to partition
// i % partitions and is that partition's record number floor(i / partitions) from this
// client: its `sequence`, as the audit's order check wants it (per client, topic and
// partition). Its message id is `<client>/p<partition>/<sequence>`. Publish n carries records
// n*R .. n*R+R-1 (R = recordsPerPublish) under the idempotency key `<client>/k<n>`.

export type LoadKind = "publish" | "transaction" | "stream";

export interface ClientPlan {
  readonly clientId: string;
  readonly kind: LoadKind;
  readonly topic: string;
  readonly partitions: number;
  readonly records: number;
  readonly recordsPerPublish: number;
  /** Size of each record's value in bytes (at least the message id's length). */
  readonly valueBytes: number;
}

export interface PlannedRecord {
  readonly messageId: string;
  readonly partition: number;
  readonly sequence: number;
  readonly value: string;
}

export interface PlannedPublish {
  readonly number: number;
  readonly idempotencyKey: string;
  readonly records: readonly PlannedRecord[];
}

export function publishCount(plan: ClientPlan): number {
  return Math.ceil(plan.records / plan.recordsPerPublish);
}

export function plannedRecord(plan: ClientPlan, index: number): PlannedRecord {
  const partition = index % plan.partitions;
  const sequence = Math.floor(index / plan.partitions);
  const messageId = `${plan.clientId}/p${partition}/${sequence}`;
  return { messageId, partition, sequence, value: messageId.padEnd(plan.valueBytes, ".") };
}

export function plannedPublish(plan: ClientPlan, number: number): PlannedPublish {
  const first = number * plan.recordsPerPublish;
  const last = Math.min(first + plan.recordsPerPublish, plan.records);
  if (number < 0 || first >= plan.records) throw new RangeError(`${plan.clientId} has no publish ${number}`);
  const records: PlannedRecord[] = [];
  for (let index = first; index < last; index++) records.push(plannedRecord(plan, index));
  return { number, idempotencyKey: publishKey(plan.clientId, number), records };
}

export function publishKey(clientId: string, number: number): string {
  return `${clientId}/k${number}`;
}

/** The publish a message id of this plan belongs to, or undefined for an id not of this plan. */
export function publishOfMessageId(plan: ClientPlan, messageId: string): number | undefined {
  const match = /^(.*)\/p(\d+)\/(\d+)$/.exec(messageId);
  if (!match || match[1] !== plan.clientId) return undefined;
  const index = Number(match[3]) * plan.partitions + Number(match[2]);
  return index < plan.records ? Math.floor(index / plan.recordsPerPublish) : undefined;
}
