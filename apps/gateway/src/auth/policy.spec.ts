import { describe, expect, it } from "vitest";
import { compilePattern } from "./name-pattern.ts";
import { Policy } from "./policy.ts";

const policy = Policy.parse(
  JSON.stringify({
    principals: {
      "orders-service": { clientIds: ["orders-*"], write: ["orders", "audit.*"], read: ["payments"] },
      "spiffe://onceport.dev/*": { read: ["public"] },
      "eur-worker": { clientIds: ["eur-1"], process: ["payments"], groups: ["eur"], write: ["payments-eur"] },
    },
  }),
);

describe("the policy", () => {
  it("grants what an entry names, by pattern, and nothing else", () => {
    expect(policy.allows("orders-service", "clientIds", "orders-eu")).toBe(true);
    expect(policy.allows("orders-service", "clientIds", "payments-eu")).toBe(false);
    expect(policy.allows("orders-service", "write", "orders")).toBe(true);
    expect(policy.allows("orders-service", "write", "orders-x")).toBe(false);
    expect(policy.allows("orders-service", "write", "audit.2024")).toBe(true);
    expect(policy.allows("orders-service", "read", "orders")).toBe(false);
    expect(policy.allows("orders-service", "process", "payments")).toBe(false);
    expect(policy.allows("nobody", "clientIds", "orders-eu")).toBe(false);
  });

  it("gives a principal the union of every entry that matches it", () => {
    expect(policy.allows("spiffe://onceport.dev/alice", "read", "public")).toBe(true);
    expect(policy.allows("spiffe://onceport.dev/alice", "write", "public")).toBe(false);
    expect(policy.allows("eur-worker", "groups", "eur")).toBe(true);
    expect(policy.allows("eur-worker", "groups", "eur-other")).toBe(false);
  });

  it("refuses files that are not what it expects, since a typo would grant or deny silently", () => {
    expect(() => Policy.parse("{")).toThrow(/not JSON/);
    expect(() => Policy.parse('{"principal": {}}')).toThrow(/"principals"/);
    expect(() => Policy.parse('{"principals": {"a": {"writes": ["x"]}}}')).toThrow(/unknown key "writes"/);
    expect(() => Policy.parse('{"principals": {"a": {"write": "x"}}}')).toThrow(/list/);
    expect(() => Policy.parse('{"principals": {"a": {"write": [""]}}}')).toThrow(/non-empty/);
  });
});

describe("name patterns", () => {
  it("treat * as any run of characters and everything else literally", () => {
    expect(compilePattern("a.b*").test("a.bc")).toBe(true);
    expect(compilePattern("a.b*").test("axbc")).toBe(false);
    expect(compilePattern("*").test("")).toBe(true);
    expect(compilePattern("x(y)+").test("x(y)+")).toBe(true);
    expect(compilePattern("x(y)+").test("xyy")).toBe(false);
    expect(compilePattern("a*").test("a\nb")).toBe(true);
  });
});
