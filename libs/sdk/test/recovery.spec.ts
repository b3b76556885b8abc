import { setTimeout as sleep } from "node:timers/promises";
import { status } from "@grpc/grpc-js";
import { afterEach, describe, expect, it } from "vitest";
import { connect, FencedError, isFencedError, type RetryEvent } from "../src/index.ts";
import {
  BareStatus,
  type FakeGateway,
  gatewayError,
  type Handlers,
  startFakeGateway,
} from "./support/fake-gateway.ts";

// The SDK's recovery logic against a scripted gateway: no Kafka, so every
// failure can be placed exactly. The real-broker tests show the same paths end to end.

const quickRetries = { initialDelayMs: 2, maxDelayMs: 10 };
const records = [{ topic: "t", value: "v" }];

describe("recovery (scripted gateway)", () => {
  let gateway: FakeGateway;
  const clients: { close(): Promise<void> }[] = [];
  const start = async (handlers: Handlers, options: { maxAttempts?: number } = {}) => {
    gateway = await startFakeGateway(handlers);
    const retries: RetryEvent[] = [];
    const client = await connect({
      address: gateway.address,
      clientId: "c1",
      retry: { ...quickRetries, ...options },
      onRetry: (event) => retries.push(event),
    });
    clients.push(client);
    return { client, retries };
  };
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
    await gateway?.stop();
  });

  it("retries a lost answer with the same key on the same session", async () => {
    let calls = 0;
    const { client, retries } = await start({
      publish: async (request) => {
        if (++calls === 1) throw new BareStatus(status.UNAVAILABLE, "connection dropped");
        return {
          duplicate: true,
          results: [{ topic: "t", offset: 7n, messageId: `${request.idempotencyKey}/0` }],
        };
      },
    });
    const result = await client.publish(records, { idempotencyKey: "k1" });
    expect(result).toMatchObject({ idempotencyKey: "k1", duplicate: true, results: [{ offset: "7" }] });
    expect(gateway.callsOf("publish").map((call) => [call.sessionId, call.idempotencyKey])).toEqual([
      ["s1", "k1"],
      ["s1", "k1"],
    ]);
    expect(retries).toMatchObject([
      { operation: "Publish", attempt: 1, reopen: false, idempotencyKey: "k1" },
    ]);
  });

  it.each(["SESSION_NOT_FOUND", "COMMIT_OUTCOME_UNKNOWN"] as const)(
    "%s: opens a new session and retries with the same key",
    async (reason) => {
      const { client, retries } = await start({
        publish: async (request) => {
          if (request.sessionId === "s1") throw gatewayError(reason);
          return { results: [] };
        },
      });
      const generated = await client.publish(records);
      expect(gateway.callsOf("openSession")).toHaveLength(2);
      const keys = gateway.callsOf("publish").map((call) => [call.sessionId, call.idempotencyKey]);
      expect(keys).toEqual([
        ["s1", generated.idempotencyKey],
        ["s2", generated.idempotencyKey],
      ]);
      expect(retries[0]).toMatchObject({ reopen: true });
      expect(client.session?.id).toBe("s2");
    },
  );

  it("opens one new session however many calls find the old one gone", async () => {
    const { client } = await start({
      publish: async (request) => {
        if (request.sessionId === "s1") throw gatewayError("SESSION_NOT_FOUND");
        return { results: [] };
      },
    });
    await Promise.all(Array.from({ length: 20 }, () => client.publish(records)));
    expect(gateway.callsOf("openSession")).toHaveLength(2);
  });

  it("PRODUCER_FENCED on its session: FencedError, and the client stops for good", async () => {
    const { client, retries } = await start({
      publish: async () => {
        throw gatewayError("PRODUCER_FENCED", "another session took over");
      },
    });
    const error = await client.publish(records).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(FencedError);
    expect(isFencedError(error)).toBe(true);
    expect(error).toMatchObject({ reason: "PRODUCER_FENCED", retriable: false, name: "FencedError" });
    expect(client.isFenced).toBe(true);
    expect(retries).toEqual([]);

    await expect(client.publish(records)).rejects.toBeInstanceOf(FencedError);
    await expect(client.transaction(async () => {})).rejects.toBeInstanceOf(FencedError);
    expect(() => client.publisher()).toThrow(FencedError);
    expect(gateway.callsOf("publish")).toHaveLength(1); // never retried, never re-opened
    expect(gateway.callsOf("openSession")).toHaveLength(1);
  });

  it("PRODUCER_FENCED from a session the SDK itself replaced is not a takeover: retried on the new session", async () => {
    let reopened: () => void = () => {};
    const reopen = new Promise<void>((resolve) => {
      reopened = resolve;
    });
    const { client } = await start({
      openSession: async () => {
        const id = `s${gateway.callsOf("openSession").length}`;
        if (id === "s2") reopened();
        return { sessionId: id, transactionalId: "x", idleTimeoutMs: 1n };
      },
      publish: async (request) => {
        if (request.sessionId === "s1" && request.idempotencyKey === "slow") {
          await reopen; // in flight while another call replaces the session...
          throw gatewayError("PRODUCER_FENCED"); // ...whose producer init fences this one
        }
        if (request.sessionId === "s1") throw gatewayError("SESSION_NOT_FOUND");
        return { results: [] };
      },
    });
    const slow = client.publish(records, { idempotencyKey: "slow" });
    await sleep(20);
    await client.publish(records, { idempotencyKey: "fast" });
    await expect(slow).resolves.toMatchObject({ idempotencyKey: "slow" });
    expect(client.isFenced).toBe(false);
    expect(gateway.callsOf("publish").map((call) => `${call.sessionId}:${call.idempotencyKey}`)).toEqual([
      "s1:slow",
      "s1:fast",
      "s2:fast",
      "s2:slow",
    ]);
  });

  it("fails at once, without retrying, on bad input", async () => {
    const { client, retries } = await start({
      publish: async () => {
        throw gatewayError("TOPIC_NOT_FOUND", "no topic t");
      },
    });
    await expect(client.publish(records)).rejects.toMatchObject({
      reason: "TOPIC_NOT_FOUND",
      retriable: false,
    });
    expect(retries).toEqual([]);
    expect(gateway.callsOf("publish")).toHaveLength(1);
  });

  it("gives up after the policy's attempts, saying the key's outcome is unknown", async () => {
    const { client, retries } = await start(
      {
        publish: async () => {
          throw gatewayError("KAFKA_UNAVAILABLE", "no leader");
        },
      },
      { maxAttempts: 3 },
    );
    const error = await client.publish(records, { idempotencyKey: "k9" }).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ reason: "KAFKA_UNAVAILABLE", retriable: true });
    expect(String((error as Error).message)).toMatch(/gave up after 3 attempts.*k9.*unknown/);
    expect(retries.map((event) => event.attempt)).toEqual([1, 2]);
    expect(gateway.callsOf("publish")).toHaveLength(3);
  });

  it("retries opening the session while the gateway is unreachable", async () => {
    let opens = 0;
    const { client } = await start({
      openSession: async () => {
        if (++opens < 3) throw gatewayError("KAFKA_UNAVAILABLE");
        return { sessionId: "only", transactionalId: "x", idleTimeoutMs: 1n };
      },
    });
    expect(client.session?.id).toBe("only");
  });

  it("sends the client's metadata (a bearer token, say) with every call and stream, asked afresh each time", async () => {
    gateway = await startFakeGateway();
    let token = 0;
    const client = await connect({
      address: gateway.address,
      clientId: "c1",
      metadata: () => ({ authorization: `Bearer t${++token}` }),
    });
    clients.push(client);
    await client.publish(records);
    const publisher = client.publisher();
    await publisher.publish(records);
    await publisher.close();
    const sent = gateway.calls.map((call) => `${call.method}:${call.metadata.get("authorization")[0]}`);
    expect(sent).toEqual(["openSession:Bearer t1", "publish:Bearer t2", "publishStream:Bearer t3"]);
  });

  it("after close, calls get CLIENT_CLOSED and the session is closed on the gateway", async () => {
    const { client } = await start({});
    await client.close();
    await expect(client.publish(records)).rejects.toMatchObject({ reason: "CLIENT_CLOSED" });
    expect(gateway.callsOf("closeSession").map((call) => call.sessionId)).toEqual(["s1"]);
  });
});

describe("transactions whose commit answer is lost (scripted gateway)", () => {
  let gateway: FakeGateway;
  afterEach(async () => {
    await gateway?.stop();
  });
  const open = async (handlers: Handlers) => {
    gateway = await startFakeGateway(handlers);
    return connect({ address: gateway.address, clientId: "c1", retry: quickRetries });
  };
  const lostCommit: Handlers["commitTransaction"] = async () => {
    throw new BareStatus(status.UNAVAILABLE, "connection dropped");
  };

  it("learns through the key that it committed, without running the callback again", async () => {
    let runs = 0;
    const client = await open({
      commitTransaction: lostCommit,
      beginTransaction: async () =>
        gateway.callsOf("beginTransaction").length === 1
          ? { transactionId: "t1" }
          : { alreadyCommitted: true, results: [{ topic: "t", offset: 3n, messageId: "m" }] },
    });
    const outcome = await client.transaction(async (tx) => {
      runs++;
      await tx.send(records);
      return "value";
    });
    expect(outcome).toMatchObject({ duplicate: false, value: "value", results: [{ offset: "3" }] });
    expect(runs).toBe(1);
    await client.close();
  });

  it("commits again when the commit never reached the gateway (still in progress)", async () => {
    let commits = 0;
    const client = await open({
      commitTransaction: async () => {
        if (++commits === 1) throw new BareStatus(status.UNAVAILABLE, "refused");
        return { results: [{ topic: "t", offset: 1n, messageId: "m" }] };
      },
      beginTransaction: async () => {
        if (gateway.callsOf("beginTransaction").length === 1) return { transactionId: "t1" };
        throw gatewayError("TRANSACTION_IN_PROGRESS");
      },
    });
    const outcome = await client.transaction(async (tx) => tx.send(records));
    expect(outcome.results).toMatchObject([{ offset: "1" }]);
    expect(commits).toBe(2);
    await client.close();
  });

  it("reports a transaction that did not commit as aborted (retriable), and aborts the probe", async () => {
    const client = await open({
      commitTransaction: lostCommit,
      beginTransaction: async () => ({ transactionId: `t${gateway.callsOf("beginTransaction").length}` }),
    });
    const error = await client.transaction(async (tx) => tx.send(records)).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ reason: "TRANSACTION_ABORTED", retriable: true });
    expect(gateway.callsOf("abortTransaction").map((call) => call.transactionId)).toEqual(["t2"]);
    await client.close();
  });

  it("a transaction's callback that swallowed a failed send is aborted, never committed", async () => {
    const client = await open({
      send: async () => {
        throw new BareStatus(status.UNAVAILABLE, "connection dropped");
      },
    });
    const error = await client
      .transaction(async (tx) => {
        await tx.send(records).catch(() => {});
        return "ignored";
      })
      .catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ reason: "TRANSACTION_ABORTED", retriable: true });
    expect(gateway.callsOf("commitTransaction")).toHaveLength(0);
    expect(gateway.callsOf("abortTransaction")).toHaveLength(1);
    await client.close();
  });
});
