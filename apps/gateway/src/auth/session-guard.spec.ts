import { Metadata } from "@grpc/grpc-js";
import { describe, expect, it } from "vitest";
import type { BeginOutcome, Session } from "../sessions/session.ts";
import { AccessControl } from "./access-control.ts";
import { attachPrincipal } from "./principal.ts";
import { SessionGuard } from "./session-guard.ts";

/** What SessionGuard asks of a session; the rest of Session is not used by it. */
function fakeSession(): Session {
  let open = false;
  return {
    isOpen: true,
    get hasOpenTransaction() {
      return open;
    },
    whenEnded: () => {},
    begin: () => {
      open = true;
    },
  } as unknown as Session;
}

const callOf = (principal: string) => {
  const metadata = new Metadata();
  attachPrincipal(metadata, { name: principal, via: "jwt" });
  return { metadata };
};

describe("SessionGuard.beginTransaction", () => {
  it("counts begins still in flight against the principal's share: concurrent begins cannot all pass", async () => {
    const guard = new SessionGuard(new AccessControl(undefined), {
      maxSessionsPerPrincipal: 10,
      maxOpenTransactions: 100,
      maxOpenTransactionsPerPrincipal: 2,
    });
    const sessions = await Promise.all(
      Array.from({ length: 5 }, (_, i) => guard.open(callOf("greedy"), `c${i}`, async () => fakeSession())),
    );
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    // Every begin waits on Kafka (here: on the gate) before it counts as open.
    const begins = sessions.map((session) =>
      guard.beginTransaction(session, async (): Promise<BeginOutcome> => {
        await gate;
        (session as unknown as { begin(): void }).begin();
        return { transactionId: "t", alreadyCommitted: false };
      }),
    );
    release();
    const settled = await Promise.allSettled(begins);
    expect(settled.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(2);
    for (const outcome of settled.filter((o) => o.status === "rejected")) {
      expect(outcome.reason).toMatchObject({ reason: "PRINCIPAL_LIMIT_REACHED" });
    }
    // Another principal has a share of its own.
    const other = await guard.open(callOf("other"), "o1", async () => fakeSession());
    await expect(
      guard.beginTransaction(other, async () => ({ transactionId: "t", alreadyCommitted: false })),
    ).resolves.toMatchObject({ alreadyCommitted: false });
  });
});
