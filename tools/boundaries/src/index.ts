// @onceport/boundaries: the import rules of the workspace, checked over its source.
export { checkBoundaries } from "./check.ts";
export { formatViolation, type RuleName, ruleNames, type Violation } from "./violation.ts";
