// Where the chart is, and where the tools built for checking it are kept: under the repo's
// git-ignored .cache, so the checks need no network once built.
import { join, resolve } from "node:path";

/** tools/helm-check/src -> repo root. */
export const REPO_ROOT = resolve(import.meta.dirname, "..", "..", "..");

export const CHART_DIR = join(REPO_ROOT, "deploy", "helm", "onceport");

/** The strict decoder's Go module. */
export const KUBE_CHECK_DIR = join(REPO_ROOT, "tools", "helm-check", "kube-check");

export const TOOLS_CACHE = join(REPO_ROOT, ".cache", "helm-check");

/**
 * The helm the checks run. Helm 4, as the machine's package notes recommend (3.22.0 is
 * served but not approved); the chart is apiVersion v2, which Helm 3 reads the same way.
 */
export const HELM_MODULE = "helm.sh/helm/v4/cmd/helm";
export const HELM_VERSION = "v4.3.2";
