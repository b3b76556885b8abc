import { beforeAll, describe, expect, it } from "vitest";
import { renderChecked } from "../src/chart.ts";
import { readGatewaySettings } from "../src/gateway-settings.ts";
import {
  gatewayPod,
  type Manifest,
  only,
  type ServiceMonitorSpec,
  type ServiceSpec,
  selects,
} from "../src/manifests.ts";
import { env, grpcPort, onceportEnvNames, valuesFile } from "./support/values.ts";

/** The mount whose folder holds `path`, and the volume behind it. */
function mountOf(manifests: readonly Manifest[], path: string | undefined) {
  const { spec, container } = gatewayPod(manifests);
  const mount = container.volumeMounts?.find((candidate) => path?.startsWith(`${candidate.mountPath}/`));
  const volume = spec.volumes?.find((candidate) => candidate.name === mount?.name);
  return { mount, volume };
}

describe("the chart with TLS, mTLS, a policy, Kafka TLS and SASL, and a ServiceMonitor", () => {
  let manifests: readonly Manifest[];
  beforeAll(async () => {
    manifests = await renderChecked([valuesFile("secured")]);
  });

  it("adds the policy ConfigMap and the ServiceMonitor", () => {
    expect(manifests.map((manifest) => manifest.kind).sort()).toEqual([
      "ConfigMap",
      "Deployment",
      "PodDisruptionBudget",
      "Service",
      "ServiceAccount",
      "ServiceMonitor",
    ]);
  });

  it("serves TLS from the Secret's files, mounted whole so that rotation reaches the gateway", () => {
    const variables = env(gatewayPod(manifests).container);
    for (const [name, file] of [
      ["ONCEPORT_TLS_CERT", "tls.crt"],
      ["ONCEPORT_TLS_KEY", "tls.key"],
      ["ONCEPORT_TLS_CLIENT_CA", "ca.crt"],
    ] as const) {
      const path = variables.get(name)?.value;
      expect(path?.endsWith(`/${file}`)).toBe(true);
      const { mount, volume } = mountOf(manifests, path);
      expect(mount?.subPath).toBeUndefined();
      expect(volume?.secret?.secretName).toBe("onceport-tls");
    }
    expect(variables.get("ONCEPORT_AUTH")?.value).toBe("mtls");
  });

  it("reads the policy from the ConfigMap the chart wrote as JSON", () => {
    const path = env(gatewayPod(manifests).container).get("ONCEPORT_POLICY")?.value;
    const { volume } = mountOf(manifests, path);
    const configMap = only(manifests, "ConfigMap");
    expect(volume?.configMap?.name).toBe(configMap.metadata.name);
    const key = path?.split("/").at(-1) ?? "";
    expect(JSON.parse(configMap.data?.[key] ?? "null")).toEqual({
      principals: { "orders-service": { clientIds: ["orders-*"], write: ["orders"], read: ["payments"] } },
    });
  });

  it("takes Kafka's CA from a Secret and the SASL password from a Secret key, never a value", () => {
    const variables = env(gatewayPod(manifests).container);
    expect(variables.get("ONCEPORT_KAFKA_TLS")?.value).toBe("true");
    expect(mountOf(manifests, variables.get("ONCEPORT_KAFKA_TLS_CA")?.value).volume?.secret?.secretName).toBe(
      "kafka-ca",
    );
    const password = variables.get("ONCEPORT_KAFKA_SASL_PASSWORD");
    expect(password?.value).toBeUndefined();
    expect(password?.valueFrom?.secretKeyRef).toEqual({ name: "onceport-kafka", key: "password" });
    expect(variables.get("ONCEPORT_BROKERS")?.value).toBe(
      "kafka-0.kafka:9093,kafka-1.kafka:9093,kafka-2.kafka:9093",
    );
  });

  it("passes settings through as the gateway's variables, large integers as integers", () => {
    const variables = env(gatewayPod(manifests).container);
    expect(variables.get("ONCEPORT_IDEMPOTENCY_WINDOW_MS")?.value).toBe("604800000");
    expect(variables.get("ONCEPORT_TRANSACTIONAL_ID_PREFIX")?.value).toBe("prod-");
    expect(variables.get("ONCEPORT_MAX_SESSIONS")?.value).toBe("2000");
    expect(variables.get("ONCEPORT_MTLS_PRINCIPAL")?.value).toBe("san");
  });

  it("probes the TLS port with a TCP connect, since the kubelet's gRPC probe speaks plaintext", () => {
    const { container } = gatewayPod(manifests);
    for (const probe of [container.startupProbe, container.livenessProbe, container.readinessProbe]) {
      expect(probe?.grpc).toBeUndefined();
      expect(probe?.tcpSocket?.port).toBe("grpc");
    }
    expect(grpcPort(container)).toBe(50051);
  });

  it("has a ServiceMonitor that selects the Service and scrapes its metrics port", () => {
    const monitor = only<ServiceMonitorSpec>(manifests, "ServiceMonitor");
    const service = only<ServiceSpec>(manifests, "Service");
    expect(selects(monitor.spec?.selector, service.metadata.labels ?? {})).toBe(true);
    expect(monitor.metadata.labels?.release).toBe("kube-prometheus-stack");
    const ports = (service.spec?.ports ?? []).map((port) => port.name);
    for (const endpoint of monitor.spec?.endpoints ?? []) expect(ports).toContain(endpoint.port);
    expect(monitor.spec?.endpoints).toEqual([expect.objectContaining({ port: "metrics", path: "/metrics" })]);
  });

  it("sets only ONCEPORT_* variables that the gateway reads", async () => {
    const { envNames } = await readGatewaySettings();
    const names = onceportEnvNames(manifests);
    expect(names.length).toBeGreaterThan(15);
    expect(names.filter((name) => !envNames.has(name))).toEqual([]);
  });
});
