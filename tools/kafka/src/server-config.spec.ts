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
import { renderLog4jProperties, renderServerProperties } from "./server-config.ts";
import { formatStamp } from "./storage.ts";

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
    expect(props.get("log.dirs")).toMatch(/\.cache\/kafka\/single\/data$/);
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
      expect(props.get("log.dirs")).toMatch(new RegExp(`\\.cache/kafka/cluster/node-${index + 1}/data$`));
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
    // Formatted before stamps existed counts as formatted alike: the cluster is never reformatted for them.
    expect(CLUSTER_NODES.map(formatStamp)).toEqual(["", "", ""]);
  });

  it("sends broker logs to the node's server.log only", () => {
    const log4j = parse(renderLog4jProperties(SINGLE_NODE));
    expect(log4j.get("log4j.rootLogger")).toBe("INFO, file");
    expect(log4j.get("log4j.appender.file.File")).toMatch(/\.cache\/kafka\/single\/logs\/server\.log$/);
  });
});
