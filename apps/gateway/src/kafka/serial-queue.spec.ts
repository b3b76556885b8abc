import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { SerialQueue } from "./serial-queue.ts";

describe("SerialQueue", () => {
  it("runs operations one at a time, in order, even when one fails", async () => {
    const queue = new SerialQueue(10);
    const log: string[] = [];
    const step =
      (name: string, ms: number, fail = false) =>
      async () => {
        log.push(`start ${name}`);
        await sleep(ms);
        log.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      };
    const results = await Promise.allSettled([
      queue.run(step("a", 20)),
      queue.run(step("b", 5, true)),
      queue.run(step("c", 1)),
    ]);
    expect(log).toEqual(["start a", "end a", "start b", "end b", "start c", "end c"]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
  });

  it("refuses work beyond its limit with SESSION_BUSY", async () => {
    const queue = new SerialQueue(1);
    const first = queue.run(() => sleep(10));
    await expect(queue.run(() => sleep(1))).rejects.toMatchObject({ reason: "SESSION_BUSY" });
    await first;
    await expect(queue.run(async () => "free again")).resolves.toBe("free again");
  });
});
