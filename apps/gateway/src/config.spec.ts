import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { printConfig } from "./config/print-config.ts";
import {
  ConfigError,
  configHelp,
  loadConfig,
  loadEffectiveConfig,
  parseGatewayCommandLine,
  settings,
} from "./config.ts";

const dir = mkdtempSync(join(tmpdir(), "onceport-config-"));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe("loadConfig", () => {
  it("has the documented defaults", () => {
    const config = loadConfig([], {});
    expect(config.listen).toBe("127.0.0.1:50051");
    expect(config.brokers).toEqual(["127.0.0.1:19092"]);
    expect(config.transactionalIdPrefix).toBe("onceport-");
    expect(config.idempotencyWindowMs).toBe(7 * 24 * 3600_000);
  });

  it("takes flags over environment variables over the config file over defaults", () => {
    const path = file(
      "layers.yaml",
      "server:\n  listen: 9.9.9.9:1\n  shutdownGraceMs: 7\nkafka:\n  brokers: [f:1]\nreceipts:\n  windowMs: 5000\n",
    );
    const env = { ONCEPORT_LISTEN: "1.2.3.4:5", ONCEPORT_BROKERS: "a:1, b:2", ONCEPORT_CONFIG: path };
    const config = loadConfig(["--listen", "0.0.0.0:1"], env);
    expect(config.listen).toBe("0.0.0.0:1"); // flag over environment over file
    expect(config.brokers).toEqual(["a:1", "b:2"]); // environment over file
    expect(config.idempotencyWindowMs).toBe(5000); // file over default
    expect(config.shutdownGraceMs).toBe(7);
    expect(config.maxSessions).toBe(1000); // default
    // --config names the file as well as ONCEPORT_CONFIG does, and wins over it.
    const json = file("layers.json", JSON.stringify({ receipts: { windowMs: 6000 } }));
    expect(loadConfig(["--config", json], env).idempotencyWindowMs).toBe(6000);
  });

  it("refuses a non-number where a number is due, naming the flag or the variable", () => {
    expect(() => loadConfig(["--max-sessions", "many"], {})).toThrow(ConfigError);
    expect(() => loadConfig([], { ONCEPORT_MAX_SESSIONS: "0" })).toThrow(
      'ONCEPORT_MAX_SESSIONS must be an integer >= 1, got "0"',
    );
  });

  it("refuses a config file with a bad value, naming its key", () => {
    const path = file("bad.yaml", "receipts:\n  windowMs: 7d\n");
    expect(() => loadConfig(["--config", path], {})).toThrow(
      'receipts.windowMs: expected an integer >= 1000, got "7d"',
    );
  });

  it("refuses a gateway transaction timeout that Kafka's would beat", () => {
    expect(() =>
      loadConfig(["--transaction-timeout-ms", "60000", "--kafka-transaction-timeout-ms", "60000"], {}),
    ).toThrow(/below/);
  });

  it("refuses unknown flags, the test-only ones included, and ignores their variables", () => {
    expect(() => loadConfig(["--no-such-flag", "x"], {})).toThrow(ConfigError);
    expect(() => loadConfig(["--test-disable-receipts", "true"], {})).toThrow(/Unknown option/);
    expect(() => loadConfig(["--test-crash-after-commit-of-key", "k"], {})).toThrow(/Unknown option/);
    expect(Object.keys(settings).filter((name) => name.startsWith("test-"))).toEqual([]);
    expect(loadConfig([], { ONCEPORT_TEST_DISABLE_RECEIPTS: "true" })).toEqual(loadConfig([], {}));
  });

  it("takes the readers' Kafka client from the producers' when only that is set, in the file too", () => {
    expect(loadConfig(["--kafka-client", "kafkajs"], {}).kafkaReaderClient).toBe("kafkajs");
    const path = file("client.json", JSON.stringify({ kafka: { client: "kafkajs" } }));
    expect(loadConfig(["--config", path], {}).kafkaReaderClient).toBe("kafkajs");
  });

  it("takes the SASL password from the config file, but never as a flag", () => {
    const path = file(
      "sasl.yaml",
      "security:\n  kafka:\n    saslMechanism: scram-sha-512\n    saslUsername: gw\n    saslPassword: s3cret\n",
    );
    expect(loadConfig(["--config", path], {}).security.kafka.saslPassword?.reveal()).toBe("s3cret");
    expect(() => loadConfig(["--kafka-sasl-password", "s3cret"], {})).toThrow(/Unknown option/);
  });
});

describe("--help", () => {
  it("gives every setting a line of description, its variable and its file key, and no test flag", () => {
    const help = configHelp();
    for (const [name, setting] of Object.entries(settings)) {
      const flag = "noFlag" in setting ? "(no flag)" : `--${name} `;
      const line = help.split("\n").find((text) => text.includes(flag) && text.includes(setting.help));
      expect(line, name).toBeDefined();
      expect(help).toContain(`${setting.env} | ${setting.path} |`);
    }
    expect(help).not.toMatch(/test-|TEST_/);
    expect(help).toContain("--print-config");
  });
});

describe("--print-config", () => {
  const effective = (argv: string[], env: NodeJS.ProcessEnv = {}) =>
    loadEffectiveConfig(parseGatewayCommandLine(argv), env).resolved;

  it("prints the effective configuration as a config file that loads back to the same configuration", () => {
    const path = file("round.yaml", "stream:\n  maxBatchRecords: 700\n");
    const argv = ["--config", path, "--max-sessions", "12"];
    const printed = printConfig(settings, effective(argv, { ONCEPORT_LISTEN: "0.0.0.0:1" }), "yaml");
    const document = parse(printed) as Record<string, Record<string, unknown>>;
    expect(document.stream?.maxBatchRecords).toBe(700);
    expect(document.sessions?.maxSessions).toBe(12);
    expect(document.server?.listen).toBe("0.0.0.0:1");
    expect(document.kafka?.readerClient).toBe(loadConfig([], {}).kafkaReaderClient);
    const again = file("again.yaml", printed);
    expect(loadConfig(["--config", again], {})).toEqual(loadConfig(argv, { ONCEPORT_LISTEN: "0.0.0.0:1" }));
  });

  it("masks the SASL password, wherever it came from, and prints files as paths only", () => {
    const passwordFile = file("password.txt", "from-a-file\n");
    const fromEnv = effective(["--kafka-sasl-password-file", passwordFile], {
      ONCEPORT_KAFKA_SASL_PASSWORD: "hunter2",
    });
    for (const format of ["yaml", "json"] as const) {
      const printed = printConfig(settings, fromEnv, format);
      expect(printed).not.toContain("hunter2");
      expect(printed).not.toContain("from-a-file");
      expect(printed).toContain("********");
      expect(printed).toContain(passwordFile);
    }
    const unset = JSON.parse(printConfig(settings, effective([]), "json"));
    expect(unset.security.kafka.saslPassword).toBe("");
  });
});
