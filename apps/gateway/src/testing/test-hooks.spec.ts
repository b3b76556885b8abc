import { create } from "@bufbuild/protobuf";
import { ReceiptEntrySchema } from "@onceport/api";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SessionOnlyReceiptStore } from "./session-only-receipt-store.ts";
import { takeTestFlags, testComposition } from "./test-hooks.ts";

describe("the test entry point's hooks", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("takes its flags (or their variables) out of the command line and leaves the rest to main", () => {
    const taken = takeTestFlags(
      ["--listen", "127.0.0.1:0", "--test-crash-after-commit-of-key", "k1", "--test-disable-receipts=true"],
      {},
    );
    expect(taken.argv).toEqual(["--listen", "127.0.0.1:0"]);
    expect(taken.hooks).toEqual({ crashAfterCommitOfKey: "k1", disableReceipts: true });
    expect(takeTestFlags([], { ONCEPORT_TEST_DISABLE_RECEIPTS: "true" }).hooks.disableReceipts).toBe(true);
    expect(takeTestFlags([], {}).hooks).toEqual({ crashAfterCommitOfKey: undefined, disableReceipts: false });
    expect(() => takeTestFlags(["--test-disable-receipts", "yes"], {})).toThrow(/true or false/);
    expect(() => takeTestFlags(["--test-nothing", "x"], {})).toThrow(/not a test flag/);
  });

  it("installs nothing unless asked", () => {
    expect(testComposition({ crashAfterCommitOfKey: undefined, disableReceipts: false })).toEqual({});
  });

  it("kills the process after the commit of its key only", () => {
    const kill = vi.spyOn(process, "kill").mockImplementation(() => true);
    const { afterCommit } = testComposition({ crashAfterCommitOfKey: "doomed", disableReceipts: false });
    const receipt = (key: string) => ({
      entries: [create(ReceiptEntrySchema, { idempotencyKey: key })],
      offset: 1n,
    });
    afterCommit?.(receipt("other"));
    expect(kill).not.toHaveBeenCalled();
    afterCommit?.(receipt("doomed"));
    expect(kill).toHaveBeenCalledWith(process.pid, "SIGKILL");
  });

  it("disables receipts with a store that writes nothing and knows a key in its session only", async () => {
    const { receiptStore } = testComposition({ crashAfterCommitOfKey: undefined, disableReceipts: true });
    const settings = { topic: "t", readTimeoutMs: 1, windowMs: 60_000, maxBytes: 1 << 20, maxFilters: 1 };
    const store = receiptStore?.(settings, {} as never);
    expect(store).toBeInstanceOf(SessionOnlyReceiptStore);
    const send = vi.fn();
    const session = await store?.catchUp("c", {} as never);
    const fingerprint = new Uint8Array([1]);
    const staged = await session?.stage({ send } as never, [
      { idempotencyKey: "k", fingerprint, results: [] },
    ]);
    expect(send).not.toHaveBeenCalled();
    expect(await session?.lookup("k", fingerprint)).toBeUndefined();
    if (staged) session?.committed(staged);
    expect(await session?.lookup("k", fingerprint)).toEqual([]);
    await expect(session?.lookup("k", new Uint8Array([2]))).rejects.toMatchObject({
      reason: "IDEMPOTENCY_KEY_REUSED",
    });
    const later = await store?.catchUp("c", {} as never);
    expect(await later?.lookup("k", fingerprint)).toBeUndefined();
  });
});
