import { describe, expect, it } from "vitest";
import { settings } from "../config.ts";
import { ConfigError } from "../config-error.ts";
import { configFileFormat, configFileValues, parseConfigText } from "./config-file.ts";

const values = (document: unknown) => configFileValues(document, settings, "test.yaml");
const yaml = (text: string) => values(parseConfigText(text, "yaml", "test.yaml"));

describe("the config file", () => {
  it("maps each section's keys to the settings, typed", () => {
    const found = yaml(
      [
        "kafka:",
        "  brokers: [a:1, b:2]",
        "  client: kafkajs",
        "receipts:",
        "  windowMs: 86400000",
        "security:",
        "  kafka:",
        "    tls: true",
        "  jwt:",
        "    algorithms: [ES256]",
        "telemetry:",
        "  metricsExporter: prometheus",
      ].join("\n"),
    );
    expect(Object.fromEntries(found)).toEqual({
      brokers: ["a:1", "b:2"],
      "kafka-client": "kafkajs",
      "idempotency-window-ms": 86400000,
      "kafka-tls": true,
      "jwt-algorithms": ["ES256"],
      "telemetry-metrics-exporter": "prometheus",
    });
  });

  it("has a section for each part of the gateway", () => {
    const sections = new Set(Object.values(settings).map((setting) => setting.path.split(".")[0]));
    for (const section of [
      "kafka",
      "receipts",
      "publish",
      "stream",
      "process",
      "subscribe",
      "security",
      "telemetry",
    ]) {
      expect(sections, section).toContain(section);
    }
  });

  it("names the key of every bad value, all at once", () => {
    const problems = () =>
      yaml(
        [
          "receipts:",
          '  windowMs: "1000"',
          "  partitions: 0",
          "kafka:",
          "  brokers: a:1",
          "  client: java",
          "security:",
          "  kafka:",
          "    tls: yes",
          "    saslPassword: 1234",
          "stream: 5",
        ].join("\n"),
      );
    expect(problems).toThrow(ConfigError);
    let message = "";
    try {
      problems();
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.split("\n")).toEqual([
      "config file test.yaml:",
      '  receipts.windowMs: expected an integer >= 1000, got "1000"',
      "  receipts.partitions: expected an integer >= 1, got 0",
      '  kafka.brokers: expected a list of strings, got "a:1"',
      '  kafka.client: expected one of librdkafka, platformatic, kafkajs, got "java"',
      // YAML 1.2: `yes` is a string, not true.
      '  security.kafka.tls: expected true or false, got "yes"',
      // A secret's value is never echoed.
      "  security.kafka.saslPassword: expected a string, got a number",
      "  stream: expected a mapping of commitIntervalMs, maxBatchRecords, windowRecords, got 5",
    ]);
  });

  it("refuses unknown keys and sections, naming what is known there", () => {
    expect(() => yaml("receipts:\n  windowMss: 1000\n")).toThrow(
      /receipts\.windowMss: unknown setting \(receipts has topic, partitions, replicationFactor, windowMs,/,
    );
    expect(() => values({ reciepts: {} })).toThrow(
      /reciepts: unknown setting \(the top level has server, kafka,/,
    );
    expect(() => values({ security: { kafka: { password: "x" } } })).toThrow(
      /security\.kafka\.password: unknown setting/,
    );
  });

  it("reads JSON the same way, and refuses what is not YAML or JSON", () => {
    expect(
      Object.fromEntries(values(parseConfigText('{"publish":{"maxKeyBytes":10}}', "json", "c.json"))),
    ).toEqual({
      "max-key-bytes": 10,
    });
    expect(() => parseConfigText("{publish:", "json", "c.json")).toThrow(/c\.json is not valid JSON/);
    expect(() => parseConfigText("a: [1\n", "yaml", "c.yaml")).toThrow(/c\.yaml is not valid YAML/);
    expect(() => parseConfigText("a: 1\na: 2\n", "yaml", "c.yaml")).toThrow(/not valid YAML/);
    expect(() => configFileFormat("gateway.toml")).toThrow(/\.yaml, \.yml or \.json/);
    expect(configFileFormat("g.YML")).toBe("yaml");
  });

  it("sets nothing when empty", () => {
    expect(yaml("").size).toBe(0);
    expect(yaml("# only a comment\n").size).toBe(0);
  });
});
