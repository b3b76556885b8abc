import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.ts";

describe("loadConfig", () => {
  it("has the documented defaults", () => {
    const config = loadConfig([], {});
    expect(config.listen).toBe("127.0.0.1:50051");
    expect(config.brokers).toEqual(["127.0.0.1:19092"]);
    expect(config.transactionalIdPrefix).toBe("onceport-");
    expect(config.crashAfterCommitOfKey).toBeUndefined();
  });

  it("takes flags over environment variables over defaults", () => {
    const config = loadConfig(["--listen", "0.0.0.0:1"], {
      ONCEPORT_LISTEN: "1.2.3.4:5",
      ONCEPORT_BROKERS: "a:1, b:2",
    });
    expect(config.listen).toBe("0.0.0.0:1");
    expect(config.brokers).toEqual(["a:1", "b:2"]);
  });

  it("refuses a non-number where a number is due", () => {
    expect(() => loadConfig(["--max-sessions", "many"], {})).toThrow(ConfigError);
  });

  it("refuses a gateway transaction timeout that Kafka's would beat", () => {
    expect(() =>
      loadConfig(["--transaction-timeout-ms", "60000", "--kafka-transaction-timeout-ms", "60000"], {}),
    ).toThrow(/below/);
  });

  it("keeps receipts unless the test-only switch says otherwise", () => {
    expect(loadConfig([], {}).testDisableReceipts).toBe(false);
    expect(loadConfig([], { ONCEPORT_TEST_DISABLE_RECEIPTS: "true" }).testDisableReceipts).toBe(true);
    expect(
      loadConfig(["--test-disable-receipts", "false"], { ONCEPORT_TEST_DISABLE_RECEIPTS: "true" })
        .testDisableReceipts,
    ).toBe(false);
    expect(() => loadConfig(["--test-disable-receipts", "yes"], {})).toThrow(ConfigError);
  });

  it("refuses unknown flags", () => {
    expect(() => loadConfig(["--no-such-flag", "x"], {})).toThrow();
  });
});
