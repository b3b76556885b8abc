// `node tools/boundaries/src/main.ts [root]`: prints every boundary violation of the
// workspace; exit 0 when there is none, 1 otherwise.
import { resolve } from "node:path";
import { checkBoundaries } from "./check.ts";
import { kafkaClientExceptions } from "./rules.ts";
import { formatViolation } from "./violation.ts";

const root = resolve(process.argv[2] ?? resolve(import.meta.dirname, "..", "..", ".."));
const violations = checkBoundaries(root);
for (const { under, why } of kafkaClientExceptions) {
  process.stdout.write(`allowed: a Kafka client under ${under}: ${why}\n`);
}
for (const violation of violations) process.stdout.write(`${formatViolation(violation)}\n`);
process.stdout.write(`${violations.length} boundary violation(s)\n`);
process.exitCode = violations.length === 0 ? 0 : 1;
