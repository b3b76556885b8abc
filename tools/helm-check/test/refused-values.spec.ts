import { describe, expect, it } from "vitest";
import { helmLint, helmTemplate, kubeCheck, renderChecked } from "../src/chart.ts";
import { readGatewaySettings } from "../src/gateway-settings.ts";
import { onceportEnvNames, valuesFile } from "./support/values.ts";

// Each check shown to fail: values that Helm renders, or refuses, as they must be caught.
describe("values the checks refuse", () => {
  it("a misspelled Kubernetes field passes helm, and the strict decoder refuses it", async () => {
    const values = [valuesFile("unknown-field")];
    expect((await helmLint(values)).status).toBe(0);
    const rendered = await helmTemplate(values);
    expect(rendered.status).toBe(0);
    const checked = await kubeCheck(rendered.stdout);
    expect(checked.ok).toBe(false);
    expect(checked.ok ? [] : checked.errors).toEqual([
      expect.stringMatching(
        /^onceport\/templates\/deployment\.yaml: .*unknown field "spec\.template\.spec\.securityContext\.runAsNonRot"/,
      ),
    ]);
  });

  it("a misspelled gateway variable is found by the check against the gateway's settings", async () => {
    const { envNames } = await readGatewaySettings();
    const names = onceportEnvNames(await renderChecked([valuesFile("misspelled-env")]));
    expect(names.filter((name) => !envNames.has(name))).toEqual(["ONCEPORT_MAX_SESIONS"]);
  });

  it.each([
    ["misspelled-setting", /settings\.max-sesions: not a gateway setting/],
    ["test-switch", /settings\.test-disable-receipts: not a gateway setting/],
    ["short-grace", /terminationGracePeriodSeconds \(30\) must exceed .* \(35\)/],
  ])("%s fails the render", async (name, message) => {
    const rendered = await helmTemplate([valuesFile(name)]);
    expect(rendered.status).not.toBe(0);
    expect(rendered.stderr).toMatch(message);
  });
});
