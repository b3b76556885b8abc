export { silenceKafkajsNegativeTimeoutWarning } from "./negative-timeout-warning.ts";
