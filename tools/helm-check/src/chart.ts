// The three checks of the chart: helm lint, helm template, and the strict decoding of what
// helm template rendered (kube-check).

import type { Manifest } from "./manifests.ts";
import { CHART_DIR } from "./paths.ts";
import { type RunResult, run } from "./run.ts";
import { ensureHelm, ensureKubeCheck } from "./tools.ts";

/** The release name every render uses; the objects are named `<release>-onceport`. */
export const RELEASE = "op";

const valuesArgs = (valuesFiles: readonly string[]): string[] => valuesFiles.flatMap((file) => ["-f", file]);

/** `helm lint --strict` of the chart with these values files (warnings fail it too). */
export async function helmLint(valuesFiles: readonly string[] = []): Promise<RunResult> {
  return await run(await ensureHelm(), ["lint", "--strict", CHART_DIR, ...valuesArgs(valuesFiles)]);
}

/** `helm template` of the chart with these values files: the manifests in stdout. */
export async function helmTemplate(valuesFiles: readonly string[] = []): Promise<RunResult> {
  return await run(await ensureHelm(), [
    "template",
    RELEASE,
    CHART_DIR,
    "--namespace",
    "onceport",
    ...valuesArgs(valuesFiles),
  ]);
}

export type KubeCheckResult =
  | { readonly ok: true; readonly manifests: readonly Manifest[] }
  | { readonly ok: false; readonly errors: readonly string[] };

/** Decodes each rendered document into its Kubernetes API type, refusing unknown fields. */
export async function kubeCheck(rendered: string): Promise<KubeCheckResult> {
  const { status, stdout, stderr } = await run(await ensureKubeCheck(), [], { input: rendered });
  if (status === 0) return { ok: true, manifests: JSON.parse(stdout) as Manifest[] };
  return { ok: false, errors: stderr.split("\n").filter((line) => line.trim() !== "") };
}

/** Renders and decodes; any failure on the way is an error that says which step and why. */
export async function renderChecked(valuesFiles: readonly string[] = []): Promise<readonly Manifest[]> {
  const rendered = await helmTemplate(valuesFiles);
  if (rendered.status !== 0) throw new Error(`helm template failed:\n${rendered.stderr}`);
  const checked = await kubeCheck(rendered.stdout);
  if (!checked.ok)
    throw new Error(`kube-check refused the rendered manifests:\n${checked.errors.join("\n")}`);
  return checked.manifests;
}
