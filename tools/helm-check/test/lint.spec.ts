import { describe, expect, it } from "vitest";
import { helmLint } from "../src/chart.ts";
import { valuesFile } from "./support/values.ts";

describe("helm lint --strict", () => {
  it("passes with the default values", async () => {
    const lint = await helmLint();
    expect(lint.stderr + lint.stdout).toContain("0 chart(s) failed");
    expect(lint.status).toBe(0);
  });

  it("passes with TLS, mTLS, a policy, Kafka TLS and SASL, and a ServiceMonitor", async () => {
    const lint = await helmLint([valuesFile("secured")]);
    expect(lint.stderr + lint.stdout).toContain("0 chart(s) failed");
    expect(lint.status).toBe(0);
  });
});
