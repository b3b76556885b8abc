import { relative } from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_CERTS_DIR, makeDevCerts } from "./dev-certs.ts";

// node tools/certs/src/cli.ts [--dir DIR] [--client NAME ...]: a development CA and certificates.
const { values } = parseArgs({
  options: {
    dir: { type: "string", default: DEFAULT_CERTS_DIR },
    client: { type: "string", multiple: true, default: ["dev-client"] },
    help: { type: "boolean", default: false },
  },
  strict: true,
});
if (values.help) {
  process.stdout.write(
    "Usage: node tools/certs/src/cli.ts [--dir DIR] [--client NAME]...\n" +
      "Makes (or keeps) a development CA, a server certificate for localhost/127.0.0.1 and one client\n" +
      "certificate per --client (CN = NAME, SAN URI spiffe://onceport.dev/NAME) in DIR (.cache/certs).\n",
  );
  process.exit(0);
}
const certs = await makeDevCerts({ dir: values.dir, clients: values.client });
const shown = (path: string) => relative(process.cwd(), path) || path;
process.stdout.write(`CA:     ${shown(certs.ca.cert)}\n`);
process.stdout.write(`server: ${shown(certs.server.cert)} ${shown(certs.server.key)}\n`);
for (const [name, files] of Object.entries(certs.clients)) {
  process.stdout.write(`client ${name}: ${shown(files.cert)} ${shown(files.key)}\n`);
}
