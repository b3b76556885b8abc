import { describe, expect, it } from "vitest";
import { PublishWindow } from "./publish-window.ts";

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("publish window", () => {
  it("waits when the publish count is reached, and grants in order", async () => {
    const window = new PublishWindow(2, 100);
    await window.reserve(1);
    await window.reserve(1);
    const granted: number[] = [];
    const third = window.reserve(1).then(() => granted.push(3));
    const fourth = window.reserve(1).then(() => granted.push(4));
    await tick();
    expect(granted).toEqual([]);
    window.release(1);
    await third;
    await tick();
    expect(granted).toEqual([3]);
    window.release(1);
    await fourth;
    expect(granted).toEqual([3, 4]);
    expect(window.inFlightPublishes).toBe(2);
  });

  it("waits when the record count would pass the limit, but lets an oversized publish go alone", async () => {
    const window = new PublishWindow(10, 5);
    await window.reserve(4);
    let big = false;
    const oversized = window.reserve(50).then(() => {
      big = true;
    });
    await tick();
    expect(big).toBe(false);
    window.release(4);
    await oversized;
    expect(window.inFlightRecords).toBe(50);
  });

  it("keeps a small publish behind a waiting one (no overtaking, so order holds)", async () => {
    const window = new PublishWindow(10, 5);
    await window.reserve(4);
    const order: string[] = [];
    const large = window.reserve(3).then(() => order.push("large"));
    const small = window.reserve(1).then(() => order.push("small"));
    await tick();
    expect(order).toEqual([]);
    window.release(4);
    await Promise.all([large, small]);
    expect(order).toEqual(["large", "small"]);
  });
});
