import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { renderChecked } from "../src/chart.ts";
import { readGatewaySettings } from "../src/gateway-settings.ts";
import {
  type DeploymentSpec,
  gatewayPod,
  type Manifest,
  only,
  type PodDisruptionBudgetSpec,
  type ServiceSpec,
  selects,
} from "../src/manifests.ts";
import { REPO_ROOT } from "../src/paths.ts";
import { env, grpcPort, onceportEnvNames } from "./support/values.ts";

describe("the chart with its default values", () => {
  let manifests: readonly Manifest[];
  beforeAll(async () => {
    manifests = await renderChecked();
  });

  it("renders only kinds the strict decoder knows, and no optional ones", () => {
    expect(manifests.map((manifest) => manifest.kind).sort()).toEqual([
      "Deployment",
      "PodDisruptionBudget",
      "Service",
      "ServiceAccount",
    ]);
  });

  it("probes with Kubernetes' gRPC probe on the gateway's gRPC port", () => {
    const { container } = gatewayPod(manifests);
    const port = grpcPort(container);
    for (const probe of [container.startupProbe, container.livenessProbe, container.readinessProbe]) {
      expect(probe?.grpc?.port).toBe(port);
      expect(probe?.grpc?.mode).toBeUndefined(); // plaintext, as the gateway serves by default
    }
    expect(container.livenessProbe?.grpc?.service).toBe("");
    expect(env(container).get("ONCEPORT_LISTEN")?.value).toBe(`0.0.0.0:${port}`);
  });

  it("asks readiness of a service the gateway's health reports", async () => {
    const service = gatewayPod(manifests).container.readinessProbe?.grpc?.service;
    expect(service).toBe("onceport.v1.GatewayService");
    // The gateway registers GatewayService.typeName with its health (src/gateway.ts), the
    // proto names that service in package onceport.v1.
    const gateway = await readFile(join(REPO_ROOT, "apps", "gateway", "src", "gateway.ts"), "utf8");
    expect(gateway).toMatch(/new KafkaHealth\(\s*kafkaAdmin,\s*\[GatewayService\.typeName/);
    const proto = await readFile(join(REPO_ROOT, "proto", "onceport", "v1", "gateway.proto"), "utf8");
    expect(proto).toMatch(/^package onceport\.v1;/m);
    expect(proto).toMatch(/^service GatewayService \{/m);
  });

  it("runs as a non-root user that cannot escalate, on a read-only root filesystem", () => {
    const { spec, container } = gatewayPod(manifests);
    expect(spec.securityContext?.runAsNonRoot).toBe(true);
    expect(spec.securityContext?.runAsUser).toBeGreaterThan(0);
    expect(container.securityContext?.allowPrivilegeEscalation).toBe(false);
    expect(container.securityContext?.readOnlyRootFilesystem).toBe(true);
  });

  it("selects the gateway's pods the same way in the Deployment, the Service and the PDB", () => {
    const { labels } = gatewayPod(manifests);
    const deployment = only<DeploymentSpec>(manifests, "Deployment").spec;
    const pdb = only<PodDisruptionBudgetSpec>(manifests, "PodDisruptionBudget").spec;
    const service = only<ServiceSpec>(manifests, "Service").spec;
    expect(selects(deployment?.selector, labels)).toBe(true);
    expect(selects(pdb?.selector, labels)).toBe(true);
    expect(selects({ matchLabels: service?.selector ?? {} }, labels)).toBe(true);
    expect(pdb?.maxUnavailable).toBe(1);
  });

  it("serves Prometheus metrics on 9464, on the pod and on the Service", () => {
    const { container } = gatewayPod(manifests);
    const variables = env(container);
    expect(variables.get("OTEL_METRICS_EXPORTER")?.value).toBe("prometheus");
    expect(variables.get("OTEL_EXPORTER_PROMETHEUS_HOST")?.value).toBe("0.0.0.0");
    expect(variables.get("OTEL_EXPORTER_PROMETHEUS_PORT")?.value).toBe("9464");
    expect(container.ports?.find((port) => port.name === "metrics")?.containerPort).toBe(9464);
    const ports = only<ServiceSpec>(manifests, "Service").spec?.ports ?? [];
    expect(ports.find((port) => port.name === "metrics")).toMatchObject({
      port: 9464,
      targetPort: "metrics",
    });
    expect(ports.find((port) => port.name === "grpc")).toMatchObject({ port: 50051, targetPort: "grpc" });
  });

  it("gives the pod more time to stop than the gateway's own grace and the preStop sleep", () => {
    const { spec, container } = gatewayPod(manifests);
    const graceMs = Number(env(container).get("ONCEPORT_SHUTDOWN_GRACE_MS")?.value);
    const preStop = container.lifecycle?.preStop?.sleep?.seconds ?? 0;
    expect(graceMs).toBeGreaterThan(0);
    expect(spec.terminationGracePeriodSeconds).toBeGreaterThan(preStop + graceMs / 1000);
  });

  it("reserves memory for a full gateway and caps it", () => {
    const { container, spec } = gatewayPod(manifests);
    expect(container.resources?.requests).toMatchObject({ cpu: "500m", memory: "640Mi" });
    expect(container.resources?.limits).toMatchObject({ memory: "1Gi" });
    expect(env(container).get("NODE_OPTIONS")?.value).toBe("--max-old-space-size=768");
    expect(spec.containers[0]?.image).toBe("onceport/gateway:0.1.0");
  });

  it("sets only ONCEPORT_* variables that the gateway reads", async () => {
    const { envNames } = await readGatewaySettings();
    const names = onceportEnvNames(manifests);
    expect(names).toEqual(expect.arrayContaining(["ONCEPORT_LISTEN", "ONCEPORT_BROKERS"]));
    expect(names.filter((name) => !envNames.has(name))).toEqual([]);
  });
});
