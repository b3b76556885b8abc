import { ensureHelm, ensureKubeCheck } from "./tools.ts";

/** Builds the tools before any test runs (one after the other: the machine has two cores). */
export default async function setup(): Promise<void> {
  await ensureHelm();
  await ensureKubeCheck();
}
