import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  CLUSTER_BROKERS,
  CLUSTER_NODES,
  CLUSTER_PROXIED,
  LOCAL_BROKERS,
  LOCAL_SASL,
  LOCAL_SASL_BROKERS,
  SINGLE_NODE,
} from "./layouts.ts";
import type { NodeSpec } from "./node-spec.ts";
import { KAFKA_STATE, PACKAGE_DIR } from "./paths.ts";
import {
  REMOVED_IN_KAFKA_4,
  renderLog4j2Yaml,
  renderLog4jProperties,
  renderLoggingConfig,
  renderServerProperties,
} from "./server-config.ts";
import { formatStamp, normalizeFormatStamp, stampVersion } from "./storage.ts";
import {
  DEFAULT_KAFKA_VERSION,
  KAFKA_VERSION_ENV,
  KAFKA_VERSIONS,
  kafkaClasses,
  kafkaRelease,
  kafkaVersion,
  parseKafkaVersion,
} from "./versions.ts";

function parse(text: string): Map<string, string> {
  const entries = text
    .split("\n")
    .filter((line) => line && !line.startsWith("#"))
    .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)] as const);
  return new Map(entries);
}

describe("server.properties", () => {
  it("makes the single broker a test-tuned KRaft combined node on 19092/19093", () => {
    const props = parse(renderServerProperties(SINGLE_NODE));
    expect(LOCAL_BROKERS).toEqual(["127.0.0.1:19092"]);
    expect(props.get("process.roles")).toBe("broker,controller");
    expect(props.get("node.id")).toBe("1");
    expect(props.get("controller.quorum.voters")).toBe("1@127.0.0.1:19093");
    expect(props.get("listeners")).toBe(
      "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093,SASL_PLAINTEXT://127.0.0.1:19094",
    );
    expect(props.get("advertised.listeners")).toBe(
      "PLAINTEXT://127.0.0.1:19092,SASL_PLAINTEXT://127.0.0.1:19094",
    );
    expect(props.get("listener.security.protocol.map")).toBe(
      "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT",
    );
    expect(props.get("listener.name.sasl_plaintext.sasl.enabled.mechanisms")).toBe("SCRAM-SHA-512");
    expect(props.get("listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config")).toBe(
      "org.apache.kafka.common.security.scram.ScramLoginModule required;",
    );
    expect(LOCAL_SASL_BROKERS).toEqual(["127.0.0.1:19094"]);
    expect(formatStamp(SINGLE_NODE)).toContain(`scram SCRAM-SHA-512 ${LOCAL_SASL.username}`);
    // Under .cache/kafka, or ONCEPORT_KAFKA_STATE_DIR in a run side by side with others.
    expect(props.get("log.dirs")).toBe(join(KAFKA_STATE, "single", "data"));
    expect(props.get("offsets.topic.replication.factor")).toBe("1");
    expect(props.get("transaction.state.log.replication.factor")).toBe("1");
    expect(props.get("transaction.state.log.min.isr")).toBe("1");
    expect(props.get("group.initial.rebalance.delay.ms")).toBe("0");
    expect(props.get("auto.create.topics.enable")).toBe("false");
  });

  it("makes three cluster nodes with one quorum, replication 3 and min ISR 2", () => {
    expect(CLUSTER_BROKERS).toEqual(["127.0.0.1:19201", "127.0.0.1:19202", "127.0.0.1:19203"]);
    const all = CLUSTER_NODES.map((node) => parse(renderServerProperties(node)));
    for (const [index, props] of all.entries()) {
      expect(props.get("node.id")).toBe(String(index + 1));
      expect(props.get("controller.quorum.voters")).toBe(
        "1@127.0.0.1:19301,2@127.0.0.1:19302,3@127.0.0.1:19303",
      );
      expect(props.get("log.dirs")).toBe(join(KAFKA_STATE, "cluster", `node-${index + 1}`, "data"));
      expect(props.get("default.replication.factor")).toBe("3");
      expect(props.get("min.insync.replicas")).toBe("2");
      expect(props.get("offsets.topic.replication.factor")).toBe("3");
      expect(props.get("transaction.state.log.replication.factor")).toBe("3");
      expect(props.get("transaction.state.log.min.isr")).toBe("2");
      expect(props.get("listeners")).not.toContain("SASL");
    }
    // Expected in the single broker too: no proxied listener there.
    expect(parse(renderServerProperties(SINGLE_NODE)).get("listeners")).not.toContain("PROXIED");
  });

  it("gives each cluster node a proxied listener that advertises its fault proxy's port", () => {
    expect(CLUSTER_PROXIED).toEqual([
      { nodeId: 1, proxyAddress: "127.0.0.1:19501", upstream: "127.0.0.1:19401" },
      { nodeId: 2, proxyAddress: "127.0.0.1:19502", upstream: "127.0.0.1:19402" },
      { nodeId: 3, proxyAddress: "127.0.0.1:19503", upstream: "127.0.0.1:19403" },
    ]);
    for (const [index, node] of CLUSTER_NODES.entries()) {
      const props = parse(renderServerProperties(node));
      const n = index + 1;
      expect(props.get("listeners")).toBe(
        `PLAINTEXT://127.0.0.1:1920${n},CONTROLLER://127.0.0.1:1930${n},PROXIED://127.0.0.1:1940${n}`,
      );
      // Direct clients learn direct addresses; clients of the proxied listener, the proxies'.
      expect(props.get("advertised.listeners")).toBe(
        `PLAINTEXT://127.0.0.1:1920${n},PROXIED://127.0.0.1:1950${n}`,
      );
      expect(props.get("listener.security.protocol.map")).toBe(
        "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,PROXIED:PLAINTEXT",
      );
      // Replication never crosses a fault proxy.
      expect(props.get("inter.broker.listener.name")).toBe("PLAINTEXT");
    }
    // No SCRAM user in the cluster: its stamps name only the version.
    expect(CLUSTER_NODES.map((node) => formatStamp(node, "4.4.0"))).toEqual([
      "kafka 4.4.0",
      "kafka 4.4.0",
      "kafka 4.4.0",
    ]);
  });

  it("sends broker logs to the node's server.log only", () => {
    const log4j = parse(renderLog4jProperties(SINGLE_NODE));
    expect(log4j.get("log4j.rootLogger")).toBe("INFO, file");
    expect(log4j.get("log4j.appender.file.File")).toBe(join(KAFKA_STATE, "single", "logs", "server.log"));
  });
});

/** Every node this tool runs, both deployments. */
const ALL_NODES: readonly NodeSpec[] = [SINGLE_NODE, ...CLUSTER_NODES];

describe("Kafka versions", () => {
  it("defaults to 4.4.0, keeps 3.9.1 selectable, and refuses others", () => {
    expect(DEFAULT_KAFKA_VERSION).toBe("4.4.0");
    expect([...KAFKA_VERSIONS]).toEqual(["4.4.0", "3.9.1"]);
    expect(parseKafkaVersion(" 3.9.1 ", "--kafka")).toBe("3.9.1");
    expect(() => parseKafkaVersion("4.0.0", "--kafka")).toThrow(/4\.4\.0 \(default\), 3\.9\.1/);
    const before = process.env[KAFKA_VERSION_ENV];
    try {
      delete process.env[KAFKA_VERSION_ENV];
      expect(kafkaVersion()).toBe("4.4.0");
      process.env[KAFKA_VERSION_ENV] = "3.9.1";
      expect(kafkaVersion()).toBe("3.9.1");
      process.env[KAFKA_VERSION_ENV] = "3.9";
      expect(() => kafkaVersion()).toThrow(/ONCEPORT_KAFKA_VERSION "3\.9" is not a Kafka version/);
    } finally {
      if (before === undefined) delete process.env[KAFKA_VERSION_ENV];
      else process.env[KAFKA_VERSION_ENV] = before;
    }
  });

  it.each(KAFKA_VERSIONS)("has a pom for %s with that version and its logging backend", (version) => {
    const pom = join(PACKAGE_DIR, kafkaRelease(version).pomFile);
    expect(existsSync(pom)).toBe(true);
    const text = readFileSync(pom, "utf8");
    expect(text).toContain(`<kafka.version>${version}</kafka.version>`);
    expect(text).toContain("<artifactId>kafka_2.13</artifactId>");
    expect(text).toContain("<artifactId>kafka-tools</artifactId>");
    if (kafkaRelease(version).logging === "log4j2") {
      // slf4j 1.7 (what Kafka 4.4 still uses) needs the slf4j 1.x binding of log4j2.
      expect(text).toContain("<artifactId>log4j-slf4j-impl</artifactId>");
      expect(text).not.toContain("reload4j");
    } else {
      expect(text).toContain("<artifactId>slf4j-reload4j</artifactId>");
      expect(text).not.toContain("log4j-slf4j");
    }
  });

  it("names each version's Java tools where its jars have them", () => {
    expect(kafkaRelease("4.4.0").logging).toBe("log4j2");
    expect(kafkaRelease("3.9.1").logging).toBe("reload4j");
    for (const version of KAFKA_VERSIONS) {
      expect(kafkaClasses(version).broker).toBe("kafka.Kafka");
      expect(kafkaClasses(version).storageTool).toBe("kafka.tools.StorageTool");
      expect(kafkaClasses(version).transactionsCommand).toBe("org.apache.kafka.tools.TransactionsCommand");
      expect(kafkaClasses(version).producerPerformance).toBe("org.apache.kafka.tools.ProducerPerformance");
      expect(kafkaClasses(version).consoleConsumer).toBe("org.apache.kafka.tools.consumer.ConsoleConsumer");
    }
    // Moved from core (Scala) to kafka-tools in 4.0.
    expect(kafkaClasses("3.9.1").dumpLogSegments).toBe("kafka.tools.DumpLogSegments");
    expect(kafkaClasses("4.4.0").dumpLogSegments).toBe("org.apache.kafka.tools.DumpLogSegments");
  });

  it("renders the same settings for 4.4.0 as for 3.9.1, none that Kafka 4 removed", () => {
    for (const node of ALL_NODES) {
      const for4 = renderServerProperties(node, "4.4.0");
      const for3 = renderServerProperties(node, "3.9.1");
      expect(for4.split("\n")[0]).toContain("for Kafka 4.4.0");
      expect(for3.split("\n")[0]).toContain("for Kafka 3.9.1");
      // Only the header differs: a static quorum suits both (no --standalone needed).
      expect(parse(for4)).toEqual(parse(for3));
      const keys = [...parse(for4).keys()];
      expect(keys.filter((key) => key.startsWith("zookeeper.") || REMOVED_IN_KAFKA_4.includes(key))).toEqual(
        [],
      );
      expect(parse(for4).get("controller.quorum.voters")).toBe(node.quorumVoters);
      expect(keys).not.toContain("controller.quorum.bootstrap.servers");
    }
  });

  it("refuses to render for 4.x a broker config that Kafka 4.0 removed", () => {
    const legacy: NodeSpec = {
      ...SINGLE_NODE,
      settings: {
        ...SINGLE_NODE.settings,
        "log.message.format.version": "2.8",
        "zookeeper.connect": "x:2181",
      },
    };
    expect(() => renderServerProperties(legacy, "4.4.0")).toThrow(
      /Kafka 4\.4\.0 no longer has the broker config\(s\) log\.message\.format\.version, zookeeper\.connect/,
    );
    expect(parse(renderServerProperties(legacy, "3.9.1")).get("log.message.format.version")).toBe("2.8");
  });

  it("gives 4.x a log4j2 config equivalent to 3.x's log4j.properties", () => {
    expect(renderLoggingConfig(SINGLE_NODE, "3.9.1").file).toMatch(/single\/log4j\.properties$/);
    expect(renderLoggingConfig(SINGLE_NODE, "3.9.1").text).toBe(renderLog4jProperties(SINGLE_NODE));
    const { file, text } = renderLoggingConfig(CLUSTER_NODES[1] as NodeSpec, "4.4.0");
    expect(file).toMatch(/cluster\/node-2\/log4j2\.yaml$/);
    expect(text).toBe(renderLog4j2Yaml(CLUSTER_NODES[1] as NodeSpec));
    // One rolling file appender: server.log, 50 MB, two backups, the same pattern; no console.
    expect(text).toMatch(/RollingFile:\n\s+- name: file\n\s+fileName: "[^"]*"\n/);
    expect(text).toContain(`fileName: "${join(KAFKA_STATE, "cluster", "node-2", "logs", "server.log")}"`);
    expect(text).toMatch(/filePattern: ".*\/node-2\/logs\/server\.log\.%i"/);
    expect(text).toContain('size: "50MB"');
    expect(text).toMatch(/DefaultRolloverStrategy:\n\s+max: 2/);
    expect(text).toContain('pattern: "[%d] %p %m (%c)%n"');
    expect(text).not.toContain("Console");
    expect(text).toMatch(/Root:\n\s+level: INFO\n\s+AppenderRef:\n\s+- ref: file/);
    // The same levels as log4j.properties's loggers.
    const log4j = parse(renderLog4jProperties(CLUSTER_NODES[1] as NodeSpec));
    const levels = new Map(
      [...text.matchAll(/- name: "([^"]+)"\n\s+level: (\w+)/g)].map((match) => [match[1], match[2]]),
    );
    const expected = new Map(
      [...log4j.entries()]
        .filter(([key]) => key.startsWith("log4j.logger."))
        .map(([key, level]) => [key.slice("log4j.logger.".length), level]),
    );
    expect(levels).toEqual(expected);
    expect(levels.get("kafka.request.logger")).toBe("WARN");
  });

  it("stamps storage with the version that formatted it; older stamps mean 3.9.1", () => {
    expect(formatStamp(SINGLE_NODE, "4.4.0")).toBe(
      `kafka 4.4.0\nscram SCRAM-SHA-512 ${LOCAL_SASL.username} ${LOCAL_SASL.password}`,
    );
    expect(stampVersion(formatStamp(SINGLE_NODE, "3.9.1"))).toBe("3.9.1");
    // Written before stamps named a version (or before stamps existed): 3.9.1 formatted it,
    // so 3.9.1 keeps it and 4.4.0 formats it again.
    const oldSingle = `scram SCRAM-SHA-512 ${LOCAL_SASL.username} ${LOCAL_SASL.password}\n`;
    expect(normalizeFormatStamp(oldSingle)).toBe(formatStamp(SINGLE_NODE, "3.9.1"));
    expect(normalizeFormatStamp(oldSingle)).not.toBe(formatStamp(SINGLE_NODE, "4.4.0"));
    for (const node of CLUSTER_NODES) {
      expect(normalizeFormatStamp("")).toBe(formatStamp(node, "3.9.1"));
      expect(normalizeFormatStamp("")).not.toBe(formatStamp(node, "4.4.0"));
    }
    expect(normalizeFormatStamp(`${formatStamp(SINGLE_NODE, "4.4.0")}\n`)).toBe(
      formatStamp(SINGLE_NODE, "4.4.0"),
    );
  });
});
