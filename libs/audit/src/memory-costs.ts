// Per-item memory costs of the audit's state, measured by bench/audit-scale.ts (V8 heap growth
// divided by items, Node 24, message ids of about 20 characters, typed arrays included; README "Memory"). They turn
// counts into the report's estimate; the bench prints fresh figures.
export const bytesPerLedgerEntry = 110;
export const bytesPerWindowId = 130;
export const bytesPerOrderEntry = 150;
export const bytesPerProcessInput = 80;
