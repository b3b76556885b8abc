// TEST ONLY, never built: the fault hooks, for tests that compose a gateway in their own process.
export { SessionOnlyReceiptStore } from "./session-only-receipt-store.ts";
export { type TestHooks, takeTestFlags, testComposition, testFlags } from "./test-hooks.ts";
