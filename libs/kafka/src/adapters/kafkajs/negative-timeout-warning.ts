// kafkajs 2.2.4 calls setTimeout with a negative delay on every response (its RequestQueue
// computes `throttledUntil - Date.now()` with throttledUntil = -1), and Node >= 24 prints a
// TimeoutNegativeWarning for that, once per process. Harmless, unfixed upstream
// (tulios/kafkajs#1751), and noise in every CLI run and test log: drop exactly that warning.
let installed = false;

function isKafkajsNegativeTimeout(warning: Error): boolean {
  return warning.name === "TimeoutNegativeWarning" && (warning.stack ?? "").includes("kafkajs");
}

export function silenceKafkajsNegativeTimeoutWarning(): void {
  if (installed) return;
  installed = true;
  // Node prints warnings through its own 'warning' listener: route them through a filter.
  const printers = process.listeners("warning");
  for (const printer of printers) process.removeListener("warning", printer);
  process.on("warning", (warning) => {
    if (isKafkajsNegativeTimeout(warning)) return;
    for (const printer of printers) printer.call(process, warning);
  });
}
