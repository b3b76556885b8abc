import { describe, expect, it } from "vitest";
import { parseInputHeader, parseProcessOutputId } from "./conventions.ts";

describe("consume-transform-produce conventions", () => {
  it("parses the onceport-input header", () => {
    expect(parseInputHeader("orders/3/1200")).toEqual({ topic: "orders", partition: 3, offset: 1200 });
    expect(parseInputHeader("orders/3")).toBeNull();
    expect(parseInputHeader("orders/x/1")).toBeNull();
    expect(parseInputHeader("/1/1")).toBeNull();
  });

  it("parses an output's message id, even when the group contains slashes", () => {
    expect(parseProcessOutputId("team/enricher/orders/3/1200/2")).toEqual({
      group: "team/enricher",
      inputTopic: "orders",
      inputPartition: 3,
      inputOffset: 1200,
      outputIndex: 2,
    });
    expect(parseProcessOutputId("orders/3/1200/2")).toBeNull();
    expect(parseProcessOutputId("g/orders/3/1200/-1")).toBeNull();
  });
});
