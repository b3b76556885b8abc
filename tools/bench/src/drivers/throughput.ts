import type { RateMeter } from "../measure/rate-meter.ts";
import type { ThroughputResult } from "./driver-spec.ts";
import type { MeasureWindow } from "./window.ts";

/** A throughput result from the acknowledgements a meter saw. */
export function throughput(
  meter: RateMeter,
  window: MeasureWindow,
  recordBytes: number,
  errors: number,
): ThroughputResult {
  const seconds = window.seconds;
  const recordsPerSec = meter.perSecond(seconds);
  return {
    kind: "throughput",
    records: meter.total,
    seconds,
    recordsPerSec,
    mbPerSec: (recordsPerSec * recordBytes) / 1e6,
    errors,
    cpuMs: window.cpuMs,
  };
}
