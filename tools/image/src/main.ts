#!/usr/bin/env node
// npm run image [-- --tag NAME] [--skip-build]
import { parseArgs } from "node:util";
import { imageCommand } from "./image-command.ts";

const { values } = parseArgs({
  options: { tag: { type: "string" }, "skip-build": { type: "boolean" }, help: { type: "boolean" } },
});
if (values.help) {
  process.stdout.write(
    "npm run image [-- --tag NAME] [--skip-build]\n" +
      "  builds apps/gateway/dist (npm run build) and the gateway image with buildah, from scratch\n" +
      "  --tag NAME     the image's name (default onceport/gateway:<gateway version>)\n" +
      "  --skip-build   use apps/gateway/dist as it is\n",
  );
} else {
  const image = await imageCommand({
    ...(values.tag === undefined ? {} : { name: values.tag }),
    ...(values["skip-build"] ? { skipBuild: true } : {}),
  });
  process.stdout.write(`${image.name}\n`);
}
