import {
  AuthenticationError,
  MultipleErrors,
  NetworkError,
  ProtocolError,
  ResponseError,
  TimeoutError,
  UserError,
} from "@platformatic/kafka";
import { describe, expect, it } from "vitest";
import { KafkaError } from "../../kafka-error.ts";
import { toKafkaError } from "./platformatic-errors.ts";

/** A broker answer with these error numbers, as the client raises it (apiKey 26: EndTxn). */
function response(...codes: number[]): ResponseError {
  const errors = Object.fromEntries(codes.map((code, index) => [`/topics/${index}`, [code, null]]));
  return new ResponseError(26, 4, errors as Record<string, [number, null]>, {});
}

function summary(error: KafkaError) {
  return { kind: error.kind, code: error.code, retriable: error.retriable };
}

describe("toKafkaError", () => {
  it("finds the broker's error name however deep the retries nested it", () => {
    const retried = new MultipleErrors("endTransaction failed 3 times.", [
      response(51),
      response(51),
      response(90),
    ]);
    expect(summary(toKafkaError(retried, "commit"))).toEqual({
      kind: "fenced",
      code: "PRODUCER_FENCED",
      retriable: false,
    });
    expect(toKafkaError(retried, "commit").message).toMatch(/^commit: PRODUCER_FENCED/);
  });

  it("lets the most final kind win among several broker errors", () => {
    expect(summary(toKafkaError(response(6, 47), "send"))).toEqual({
      kind: "fenced",
      code: "INVALID_PRODUCER_EPOCH",
      retriable: false,
    });
    expect(summary(toKafkaError(response(51), "init"))).toEqual({
      kind: "unavailable",
      code: "CONCURRENT_TRANSACTIONS",
      retriable: true,
    });
    expect(summary(toKafkaError(new ProtocolError("MESSAGE_TOO_LARGE"), "send"))).toEqual({
      kind: "too-large",
      code: "MESSAGE_TOO_LARGE",
      retriable: false,
    });
    expect(toKafkaError(response(1), "poll").kind).toBe("invalid-argument");
  });

  it("names the client's own errors", () => {
    expect(summary(toKafkaError(new UserError("Unknown topic nope."), "send"))).toEqual({
      kind: "unknown-topic",
      code: "UNKNOWN_TOPIC_OR_PARTITION",
      retriable: true,
    });
    expect(toKafkaError(new UserError("There is already an active transaction."), "begin").kind).toBe(
      "transaction-state",
    );
    expect(toKafkaError(new NetworkError("Connection closed"), "send").kind).toBe("unavailable");
    expect(toKafkaError(new TimeoutError("Request timed out."), "commit").kind).toBe("unavailable");
    expect(
      toKafkaError(new NetworkError("Client is closed.", { canRetry: false, closed: true }), "send").kind,
    ).toBe("unknown");
    expect(toKafkaError(new AuthenticationError("SASL authentication failed."), "connect").kind).toBe(
      "authorization",
    );
  });

  it("keeps a KafkaError and wraps anything else as unknown", () => {
    const mine = new KafkaError("fenced", "already translated");
    expect(toKafkaError(mine, "x")).toBe(mine);
    const other = toKafkaError(new TypeError("boom"), "send");
    expect(summary(other)).toEqual({ kind: "unknown", code: undefined, retriable: false });
    expect(other.cause).toBeInstanceOf(TypeError);
  });
});
