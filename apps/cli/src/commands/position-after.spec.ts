import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { SubscribePositionSchema } from "@onceport/api";
import type { ConsumedRecord } from "@onceport/sdk";
import { describe, expect, it } from "vitest";
import { positionAfter } from "./position-after.ts";

const token = (offsets: { topic: string; partition: number; nextOffset: bigint }[]) =>
  `p1.${Buffer.from(toBinary(SubscribePositionSchema, create(SubscribePositionSchema, { offsets }))).toString("base64url")}`;
const offsetsOf = (position: string | undefined) =>
  fromBinary(SubscribePositionSchema, Buffer.from(String(position).slice(3), "base64url")).offsets.map(
    ({ topic, partition, nextOffset }) => [topic, partition, nextOffset],
  );
const record = (topic: string, partition: number, offset: string) =>
  ({ topic, partition, offset }) as ConsumedRecord;

describe("the position right after a record", () => {
  const batchEnd = token([
    { topic: "orders", partition: 0, nextOffset: 10n },
    { topic: "orders", partition: 1, nextOffset: 25n },
  ]);

  it("is the batch's position with the record's partition set back to the record's next offset", () => {
    expect(offsetsOf(positionAfter(batchEnd, record("orders", 1, "21")))).toEqual([
      ["orders", 0, 10n],
      ["orders", 1, 22n],
    ]);
  });

  it("cannot be told from a token of another version, a broken one, or one without the partition", () => {
    expect(positionAfter(`p2.${batchEnd.slice(3)}`, record("orders", 1, "21"))).toBeUndefined();
    expect(positionAfter("p1.!!", record("orders", 1, "21"))).toBeUndefined();
    expect(positionAfter(batchEnd, record("payments", 1, "21"))).toBeUndefined();
  });
});
