// @onceport/gateway-fixture: a real broker and gateway for the polyglot SDKs' tests. The CLI
// is src/main.ts; these are the parts the cross-language test composes itself.
export type { FixtureEnvironment } from "./environment.ts";
export { startFixtureEnvironment } from "./environment.ts";
export { buildGoProgram, go } from "./languages/go.ts";
export { java, javaTestClasspath } from "./languages/java.ts";
export type { LanguageSuite } from "./languages/language.ts";
export { python, pythonEnv, venvPython } from "./languages/python.ts";
export type { GatewayExit, GatewayProcess, LaunchGatewayOptions } from "./launcher/index.ts";
export { gatewayEntryPoints, launchGateway } from "./launcher/index.ts";
export { runSuite } from "./run-suite.ts";
export type { TestCounts } from "./test-report.ts";
export { countGoTestJson, countJunitXml, writeTestReport } from "./test-report.ts";
