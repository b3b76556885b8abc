import { describe, expect, it } from "vitest";
import type { ServiceSpan } from "./jaeger-query.ts";
import { renderTraceSvg } from "./render-trace.ts";

const ms = (n: number) => String(1_700_000_000_000_000_000n + BigInt(n) * 1_000_000n);
const span = (spanId: string, name: string, service: string, from: number, to: number, more = {}) =>
  ({
    traceId: "t1",
    spanId,
    name,
    service,
    startTimeUnixNano: ms(from),
    endTimeUnixNano: ms(to),
    ...more,
  }) as ServiceSpan;

describe("renderTraceSvg", () => {
  const spans = [
    // Out of order, as Jaeger may return them.
    span("c", "send orders", "onceport-gateway", 5, 9, { parentSpanId: "b", kind: 4 }),
    span("a", "checkout", "shop", 0, 20),
    span("d", "process orders", "onceport-gateway", 12, 18, {
      parentSpanId: "c",
      kind: "SPAN_KIND_CONSUMER",
    }),
    span("b", "onceport.v1.GatewayService/Publish", "onceport-gateway", 1, 10, {
      parentSpanId: "a",
      kind: 2,
    }),
    span("e", "send orders-eur", "onceport-gateway", 16, 17, {
      parentSpanId: "d",
      links: [{ traceId: "t1", spanId: "d" }],
      status: { code: 2 },
    }),
  ];
  const svg = renderTraceSvg(spans, "a <test> trace");

  it("draws a row per span in parent/child order, indented by depth", () => {
    const rows = [
      ...svg.matchAll(/<text x="(\d+)" y="\d+"><tspan fill="#666">[^<]+<\/tspan> ([^<]+?) </g),
    ].map(([, x, name]) => [name, Number(x)]);
    expect(rows.map(([name]) => name)).toEqual([
      "checkout",
      "onceport.v1.GatewayService/Publish",
      "send orders",
      "process orders",
      "send orders-eur",
    ]);
    const indents = rows.map(([, x]) => x as number);
    expect(indents).toEqual([...indents].sort((a, b) => a - b));
  });

  it("says the kinds, the durations, the failures, the links and the services; escapes text", () => {
    expect(svg).toContain(">server</tspan>");
    expect(svg).toContain(">consumer</tspan>");
    expect(svg).toContain(">20 ms<");
    expect(svg).toContain('stroke="#c62828"');
    expect(svg).toContain('marker-end="url(#arrow)"');
    expect(svg).toContain("a &lt;test&gt; trace");
    expect(svg).toContain(">shop</text>");
    expect(svg.startsWith("<svg")).toBe(true);
  });
});
