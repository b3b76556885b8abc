import { parseCommandLine, UsageError } from "@onceport/errors";

export interface BenchOptions {
  readonly quick: boolean;
  /** Repetitions of every case; each variant runs once per round, interleaved. */
  readonly runs: number;
  readonly warmupMs: number;
  readonly durationMs: number;
  /** Where benchmarks.md and benchmarks.json go. */
  readonly outDir: string;
  /** Only these cases (all when empty): for working on one case. */
  readonly cases: readonly string[];
  /** Measure nothing: render benchmarks.md again from the benchmarks.json in outDir (after editing analysis.md). */
  readonly renderOnly: boolean;
  /** Keep outDir's benchmarks.json and replace only the cases run now (with --cases): the doc says so. */
  readonly merge: boolean;
  /** What each case covers: the full matrix, or with --quick one point of each part. */
  readonly matrix: Matrix;
}

export interface Matrix {
  readonly streamRecordBytes: readonly number[];
  /** Unary latency: records a publish, and whether at a fixed rate (true) or at saturation. */
  readonly latencyGroups: readonly { recordsPerPublish: number; fixedRate: boolean }[];
  readonly commitIntervalsMs: readonly number[];
  /** Records a publish of the receipts on/off comparison. */
  readonly receiptsPublishSizes: readonly number[];
  readonly sessionCounts: readonly number[];
  /** Records a publish of the profiled stream runs. */
  readonly profilePublishSizes: readonly number[];
}

const fullMatrix: Matrix = {
  streamRecordBytes: [100, 1024],
  latencyGroups: [
    { recordsPerPublish: 1, fixedRate: true },
    { recordsPerPublish: 1, fixedRate: false },
    { recordsPerPublish: 100, fixedRate: true },
    { recordsPerPublish: 100, fixedRate: false },
  ],
  commitIntervalsMs: [10, 100, 1_000],
  receiptsPublishSizes: [1, 100],
  sessionCounts: [10, 100, 1_000],
  profilePublishSizes: [1, 100],
};

/** --quick: every case's code runs, on one point of each of its parts, so CI proves the harness in under a minute. */
const quickMatrix: Matrix = {
  streamRecordBytes: [100],
  latencyGroups: [
    { recordsPerPublish: 1, fixedRate: true },
    { recordsPerPublish: 100, fixedRate: false },
  ],
  commitIntervalsMs: [100],
  receiptsPublishSizes: [1],
  sessionCounts: [2, 5],
  profilePublishSizes: [1],
};

export const caseNames = [
  "stream",
  "latency",
  "exactly-once",
  "sessions",
  "tracing",
  "profile",
  "scale-out",
  "idempotency-keys",
] as const;

export const usage = `Usage: npm run bench -- [--quick] [--out-dir DIR] [--cases a,b] [--runs N] [--duration-ms N] [--warmup-ms N] [--render-only] [--merge]

  --quick        a few seconds a case, one run, one point of each part: proves the harness works
  --out-dir      where benchmarks.md and benchmarks.json are written (default: docs/)
  --cases        only these cases: ${caseNames.join(", ")}
  --render-only  measure nothing: write benchmarks.md again from DIR/benchmarks.json
  --merge        with --cases: keep DIR/benchmarks.json and replace only these cases (the doc says when)
`;

/** The options, or "help" for --help. */
export function parseOptions(argv: readonly string[], defaultOutDir: string): BenchOptions | "help" {
  const { values } = parseCommandLine({
    args: [...argv],
    options: {
      quick: { type: "boolean", default: false },
      "out-dir": { type: "string" },
      cases: { type: "string" },
      runs: { type: "string" },
      "duration-ms": { type: "string" },
      "warmup-ms": { type: "string" },
      "render-only": { type: "boolean", default: false },
      merge: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return "help";
  const quick = values.quick ?? false;
  const int = (name: string, raw: string | undefined, fallback: number, min: number): number => {
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isSafeInteger(value) || value < min)
      throw new UsageError(`--${name} must be an integer >= ${min}`);
    return value;
  };
  const cases = (values.cases ?? "")
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
  for (const name of cases) {
    if (!(caseNames as readonly string[]).includes(name))
      throw new UsageError(`unknown case ${name} (the cases: ${caseNames.join(", ")})`);
  }
  if (values.merge && cases.length === 0) throw new UsageError("--merge needs --cases");
  return {
    quick,
    runs: int("runs", values.runs, quick ? 1 : 3, 1),
    warmupMs: int("warmup-ms", values["warmup-ms"], quick ? 200 : 2_000, 0),
    durationMs: int("duration-ms", values["duration-ms"], quick ? 800 : 8_000, 100),
    outDir: values["out-dir"] ?? defaultOutDir,
    cases,
    renderOnly: values["render-only"] ?? false,
    merge: values.merge ?? false,
    matrix: quick ? quickMatrix : fullMatrix,
  };
}

export function wantsCase(options: BenchOptions, name: (typeof caseNames)[number]): boolean {
  return options.cases.length === 0 || options.cases.includes(name);
}
