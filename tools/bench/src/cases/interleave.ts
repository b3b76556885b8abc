/** One of the things compared in a case, run once per round. */
export interface Variant<T> {
  readonly name: string;
  run(round: number): Promise<T>;
}

/**
 * Runs every variant once per round, interleaved (A, B, C, then B, C, A...),
 * so a disturbance on the shared machine (another test suite starting) hits
 * the variants alike instead of all the runs of one, and no variant always
 * runs first. Returns each variant's results in round order.
 */
export async function interleaved<T>(
  rounds: number,
  variants: readonly Variant<T>[],
  log: (line: string) => void,
): Promise<Map<string, T[]>> {
  const results = new Map<string, T[]>(variants.map((variant) => [variant.name, []]));
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < variants.length; i++) {
      const variant = variants[(i + round) % variants.length] as Variant<T>;
      log(`  round ${round + 1}/${rounds}: ${variant.name}`);
      results.get(variant.name)?.push(await variant.run(round));
    }
  }
  return results;
}
