#!/usr/bin/env node
// `node tools/helm-check/src/main.ts [-f values.yaml ...]`: helm lint, helm template and the
// strict decoding of the result, for the chart with the given values; exit 1 on any failure.
import { helmLint, helmTemplate, kubeCheck } from "./chart.ts";

const valuesFiles: string[] = [];
const args = process.argv.slice(2);
for (let index = 0; index < args.length; index += 2) {
  const [flag, file] = [args[index], args[index + 1]];
  if (flag !== "-f" || file === undefined) {
    process.stderr.write("usage: onceport-helm-check [-f values.yaml ...]\n");
    process.exit(2);
  }
  valuesFiles.push(file);
}

const lint = await helmLint(valuesFiles);
process.stdout.write(lint.stdout);
process.stderr.write(lint.stderr);
const rendered = await helmTemplate(valuesFiles);
process.stderr.write(rendered.stderr);
if (lint.status !== 0 || rendered.status !== 0) {
  process.exitCode = 1;
} else {
  const checked = await kubeCheck(rendered.stdout);
  if (checked.ok) {
    const names = checked.manifests.map((manifest) => `${manifest.kind}/${manifest.object.metadata.name}`);
    process.stdout.write(`kube-check: ${names.length} objects decoded strictly: ${names.join(", ")}\n`);
  } else {
    process.stderr.write(`${checked.errors.join("\n")}\n`);
    process.exitCode = 1;
  }
}
