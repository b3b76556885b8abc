import { describe, expect, it } from "vitest";
import { SessionGate } from "./session-gate.ts";

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("session gate", () => {
  it("lets publishes share and gives a transaction the session alone, first come first served", async () => {
    const gate = new SessionGate();
    const events: string[] = [];
    await gate.acquireShared();
    await gate.acquireShared();
    const transaction = gate.acquireExclusive().then(() => events.push("transaction"));
    const lateShared = gate.acquireShared().then(() => events.push("late publish"));
    await tick();
    expect(events).toEqual([]); // the transaction waits for both publishes; the late publish waits behind it

    gate.releaseShared();
    await tick();
    expect(events).toEqual([]);
    gate.releaseShared();
    await transaction;
    expect(events).toEqual(["transaction"]);

    await tick();
    expect(events).toEqual(["transaction"]);
    gate.releaseExclusive();
    await lateShared;
    expect(events).toEqual(["transaction", "late publish"]);
    expect(gate.sharedCount).toBe(1);
  });

  it("runs transactions one at a time", async () => {
    const gate = new SessionGate();
    await gate.acquireExclusive();
    let second = false;
    const next = gate.acquireExclusive().then(() => {
      second = true;
    });
    await tick();
    expect(second).toBe(false);
    gate.releaseExclusive();
    await next;
    expect(second).toBe(true);
  });

  it("refuses a release without an acquire", () => {
    expect(() => new SessionGate().releaseShared()).toThrow();
    expect(() => new SessionGate().releaseExclusive()).toThrow();
  });
});
