export {
  type CertFiles,
  DEFAULT_CERTS_DIR,
  type DevCerts,
  type DevCertsOptions,
  makeDevCerts,
} from "./dev-certs.ts";
