// What kube-check prints: every rendered document, decoded by the Kubernetes API types and
// encoded back. Only the fields the checks read are typed here.

export interface KubeMetadata {
  readonly name: string;
  readonly labels?: Readonly<Record<string, string>>;
}

export interface GrpcProbeAction {
  readonly port: number;
  readonly service?: string;
  readonly mode?: string;
}

export interface Probe {
  readonly grpc?: GrpcProbeAction;
  readonly tcpSocket?: { readonly port: number | string };
  readonly periodSeconds?: number;
  readonly failureThreshold?: number;
}

export interface EnvVar {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: { readonly secretKeyRef?: { readonly name: string; readonly key: string } };
}

export interface Container {
  readonly name: string;
  readonly image: string;
  readonly ports?: readonly { readonly name?: string; readonly containerPort: number }[];
  readonly env?: readonly EnvVar[];
  readonly startupProbe?: Probe;
  readonly livenessProbe?: Probe;
  readonly readinessProbe?: Probe;
  readonly lifecycle?: { readonly preStop?: { readonly sleep?: { readonly seconds: number } } };
  readonly resources?: {
    readonly requests?: Readonly<Record<string, string>>;
    readonly limits?: Readonly<Record<string, string>>;
  };
  readonly securityContext?: {
    readonly allowPrivilegeEscalation?: boolean;
    readonly readOnlyRootFilesystem?: boolean;
    readonly runAsNonRoot?: boolean;
  };
  readonly volumeMounts?: readonly {
    readonly name: string;
    readonly mountPath: string;
    readonly subPath?: string;
  }[];
}

export interface Volume {
  readonly name: string;
  readonly secret?: { readonly secretName: string };
  readonly configMap?: { readonly name: string };
}

export interface PodSpec {
  readonly containers: readonly Container[];
  readonly volumes?: readonly Volume[];
  readonly terminationGracePeriodSeconds?: number;
  readonly securityContext?: { readonly runAsNonRoot?: boolean; readonly runAsUser?: number };
}

export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
}

export interface DeploymentSpec {
  readonly selector: LabelSelector;
  readonly template: {
    readonly metadata: { readonly labels?: Readonly<Record<string, string>> };
    readonly spec: PodSpec;
  };
}

export interface ServiceSpec {
  readonly selector?: Readonly<Record<string, string>>;
  readonly ports: readonly {
    readonly name?: string;
    readonly port: number;
    readonly targetPort?: number | string;
  }[];
}

export interface PodDisruptionBudgetSpec {
  readonly selector?: LabelSelector;
  readonly maxUnavailable?: number | string;
  readonly minAvailable?: number | string;
}

export interface ServiceMonitorSpec {
  readonly selector: LabelSelector;
  readonly endpoints: readonly { readonly port?: string; readonly path?: string }[];
}

export interface KubeObject<Spec = unknown> {
  readonly metadata: KubeMetadata;
  readonly data?: Readonly<Record<string, string>>;
  readonly spec?: Spec;
}

export interface Manifest {
  /** The template it was rendered from (helm's `# Source:` line). */
  readonly source: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly object: KubeObject;
}

/** The one object of a kind; an error when there is none or several. */
export function only<Spec = unknown>(manifests: readonly Manifest[], kind: string): KubeObject<Spec> {
  const found = manifests.filter((manifest) => manifest.kind === kind);
  const [first] = found;
  if (found.length !== 1 || first === undefined) {
    throw new Error(`expected one ${kind}, rendered ${found.length}`);
  }
  // kube-check decoded it into the API type of its kind, so its fields have that type's shapes.
  return first.object as KubeObject<Spec>;
}

/** The Deployment's pod template and its gateway container. */
export function gatewayPod(manifests: readonly Manifest[]): {
  labels: Readonly<Record<string, string>>;
  spec: PodSpec;
  container: Container;
} {
  const template = only<DeploymentSpec>(manifests, "Deployment").spec?.template;
  const container = template?.spec.containers.find((candidate) => candidate.name === "gateway");
  if (template === undefined || container === undefined)
    throw new Error("the Deployment has no gateway container");
  return { labels: template.metadata.labels ?? {}, spec: template.spec, container };
}

/** True when every label the selector asks for is on the labels. */
export function selects(
  selector: LabelSelector | undefined,
  labels: Readonly<Record<string, string>>,
): boolean {
  const wanted = Object.entries(selector?.matchLabels ?? {});
  return wanted.length > 0 && wanted.every(([key, value]) => labels[key] === value);
}
