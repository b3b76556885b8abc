import { join } from "node:path";
import type { Container, EnvVar, Manifest } from "../../src/manifests.ts";
import { gatewayPod } from "../../src/manifests.ts";

const dir = join(import.meta.dirname, "..", "values");

/** The values files of the tests (test/values/<name>.yaml). */
export const valuesFile = (name: string): string => join(dir, `${name}.yaml`);

export function env(container: Container): ReadonlyMap<string, EnvVar> {
  return new Map((container.env ?? []).map((variable) => [variable.name, variable]));
}

/** The gateway container's ONCEPORT_* variables. */
export function onceportEnvNames(manifests: readonly Manifest[]): string[] {
  return [...env(gatewayPod(manifests).container).keys()].filter((name) => name.startsWith("ONCEPORT_"));
}

export function grpcPort(container: Container): number {
  const port = container.ports?.find((candidate) => candidate.name === "grpc")?.containerPort;
  if (port === undefined) throw new Error("the gateway container has no port named grpc");
  return port;
}
