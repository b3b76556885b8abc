export type { AccessControl } from "./access-control.ts";
export { createGatewaySecurity, describeSecurity, type GatewaySecurity } from "./gateway-security.ts";
export { kafkaClientSecurity } from "./kafka-security.ts";
export { logRedaction } from "./log-redaction.ts";
export { anonymous, type Principal, principalOf } from "./principal.ts";
export { Secret } from "./secret.ts";
export { loadSecurityConfig, type SecurityConfig, securitySettings } from "./security-settings.ts";
export type { SessionGuard } from "./session-guard.ts";
