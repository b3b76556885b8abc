import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readGatewaySettings } from "../src/gateway-settings.ts";
import { CHART_DIR } from "../src/paths.ts";

/** The flag names of the chart's `onceport.passThroughSettings` list (templates/_settings.tpl). */
async function passThroughSettings(): Promise<string[]> {
  const template = await readFile(join(CHART_DIR, "templates", "_settings.tpl"), "utf8");
  const body = /define "onceport\.passThroughSettings" -\}\}\n([\s\S]*?)\{\{- end -\}\}/.exec(template)?.[1];
  if (body === undefined) throw new Error("no onceport.passThroughSettings in _settings.tpl");
  return body.split("\n").filter((line) => line.trim() !== "");
}

describe("the settings the chart passes through", () => {
  it("are gateway settings, named as ONCEPORT_ + the flag in capitals (as the chart renders them)", async () => {
    const { byFlag } = await readGatewaySettings();
    const flags = await passThroughSettings();
    expect(flags.length).toBeGreaterThan(30);
    for (const flag of flags) {
      expect(byFlag.get(flag), flag).toBe(`ONCEPORT_${flag.toUpperCase().replaceAll("-", "_")}`);
    }
  });

  it("leave out every test-only switch", async () => {
    const { byFlag } = await readGatewaySettings();
    const testOnly = [...byFlag.keys()].filter((flag) => flag.startsWith("test-"));
    // The production gateway has none: its test-only hooks live in its test entry point (src/testing).
    expect(testOnly).toEqual([]);
    expect((await passThroughSettings()).filter((flag) => testOnly.includes(flag))).toEqual([]);
  });
});
