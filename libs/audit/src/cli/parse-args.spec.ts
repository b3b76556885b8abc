import { UsageError } from "@onceport/errors";
import { defaultAdapters } from "@onceport/kafka";
import { describe, expect, it } from "vitest";
import { parseAuditArgs } from "./parse-args.ts";

describe("onceport-audit arguments", () => {
  it("reads topics, ranges and defaults", () => {
    const args = parseAuditArgs(
      ["--topic", "a,b", "--topic", "c", "--from-offset", "10", "--until", "2026-01-02T03:04:05Z", "--json"],
      { ONCEPORT_BROKERS: "k1:9092,k2:9092" },
    );
    expect(args).toMatchObject({
      topics: ["a", "b", "c"],
      brokers: ["k1:9092", "k2:9092"],
      from: { offset: 10 },
      to: { timestamp: Date.parse("2026-01-02T03:04:05Z") },
      json: true,
      examples: 5,
      idWindow: 2_000_000,
      identity: "none",
      uncommitted: true,
      findHanging: true,
      continuous: false,
      metricsPort: 9466,
      kafkaClient: defaultAdapters.reader,
    });
  });

  it("bounds unknown outcomes only when asked", () => {
    expect(parseAuditArgs(["--topic", "a"], {}).maxUnknownShare).toBeUndefined();
    expect(parseAuditArgs(["--topic", "a", "--max-unknown-share", "0.01"], {}).maxUnknownShare).toBe(0.01);
  });

  it("takes the Kafka client from --kafka-client, else ONCEPORT_KAFKA_CLIENT", () => {
    const env = { ONCEPORT_KAFKA_CLIENT: "librdkafka" };
    expect(parseAuditArgs(["--topic", "a"], env).kafkaClient).toBe("librdkafka");
    expect(parseAuditArgs(["--topic", "a", "--kafka-client", "platformatic"], env).kafkaClient).toBe(
      "platformatic",
    );
    expect(parseAuditArgs(["--topic", "a"], { ONCEPORT_KAFKA_CLIENT: "" }).kafkaClient).toBe(
      defaultAdapters.reader,
    );
  });

  it.each([
    [[], "at least one --topic"],
    [["--topic", "a", "--from-offset", "1", "--since", "5"], "not both"],
    [["--topic", "a", "--identity", "hash"], "--identity"],
    [["--topic", "a", "--examples", "-1"], "--examples"],
    [["--topic", "a", "--since", "yesterday-ish"], "cannot read the time"],
    [["--topic", "a", "--what"], "Unknown option"],
    [["--topic", "a", "--kafka-client", "rdkafka"], "--kafka-client"],
    [["--topic", "a", "--max-unknown-share", "5%"], "--max-unknown-share"],
    [["--topic", "a", "--max-unknown-share", "1.5"], "--max-unknown-share"],
  ])("refuses %j", (argv, message) => {
    expect(() => parseAuditArgs(argv, {})).toThrow(UsageError);
    expect(() => parseAuditArgs(argv, {})).toThrow(message);
  });
});
