// `npm run example -w @onceport/sdk -- <name>`: runs examples/<name>.ts with Node 24.
const names = ["quick-start", "transaction", "publisher", "currency-worker"];
const name = process.argv[2] ?? "quick-start";
if (!names.includes(name)) {
  process.stderr.write(`unknown example "${name}"; one of: ${names.join(", ")}\n`);
  process.exit(2);
}
await import(`./${name}.ts`);
