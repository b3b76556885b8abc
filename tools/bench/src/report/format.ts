import type { RunSummary } from "../measure/stats.ts";

/** 12345.6 -> "12,346"; small numbers keep a decimal or two. */
export function num(value: number, digits?: number): string {
  if (!Number.isFinite(value)) return "n/a";
  const fraction = digits ?? (Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2);
  return value.toLocaleString("en-US", { minimumFractionDigits: fraction, maximumFractionDigits: fraction });
}

/** 0.873 -> "87%". */
export function pct(ratio: number): string {
  return Number.isFinite(ratio) ? `${num(ratio * 100, 0)}%` : "n/a";
}

/** A summary of runs: "median (min–max)", or just the value for one run. */
export function runs(summary: RunSummary, format: (value: number) => string = (value) => num(value)): string {
  if (summary.runs.length <= 1) return format(summary.median);
  return `${format(summary.median)} (${format(summary.min)}–${format(summary.max)})`;
}

/** A markdown table. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const escapeCell = (cell: string) => cell.replaceAll("|", "\\|");
  return [
    `| ${header.map(escapeCell).join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
    ...rows.map((row) => `| ${row.map(escapeCell).join(" | ")} |`),
  ].join("\n");
}
