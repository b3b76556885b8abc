export { helmLint, helmTemplate, type KubeCheckResult, kubeCheck, RELEASE, renderChecked } from "./chart.ts";
export { type GatewaySettings, readGatewaySettings } from "./gateway-settings.ts";
export { CHART_DIR, HELM_VERSION } from "./paths.ts";
export { ensureHelm, ensureKubeCheck } from "./tools.ts";
