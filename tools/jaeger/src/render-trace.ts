import type { ServiceSpan } from "./jaeger-query.ts";

/**
 * One trace as an SVG timeline, the way Jaeger's UI draws it (a source build
 * of Jaeger has no UI): a row per span in parent/child order, indented by
 * depth, its bar placed on the trace's time axis and coloured by service;
 * dashed arrows for links between spans of the trace.
 */
export function renderTraceSvg(spans: readonly ServiceSpan[], title = "trace"): string {
  if (spans.length === 0) throw new Error("the trace has no spans");
  const rows = treeOrder(spans);
  const start = min(spans.map((span) => nanos(span.startTimeUnixNano)));
  const end = max(spans.map((span) => nanos(span.endTimeUnixNano ?? span.startTimeUnixNano)));
  const totalMs = Math.max(Number(end - start) / 1e6, 0.001);
  const services = [...new Set(rows.map(({ span }) => span.service))];
  const colour = (service: string) => palette[services.indexOf(service) % palette.length] as string;

  const width = 1200;
  const labelWidth = 520;
  const axisLeft = labelWidth + 10;
  const axisWidth = width - axisLeft - 70;
  const top = 64;
  const rowHeight = 26;
  const height = top + rows.length * rowHeight + 40 + Math.ceil((services.length + 1) / 4) * 20;
  const x = (ns: bigint) => axisLeft + (Number(ns - start) / 1e6 / totalMs) * axisWidth;
  const rowOf = new Map(rows.map(({ span }, index) => [span.spanId, index]));
  const out: string[] = [];

  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="12" y="22" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
    `<text x="12" y="42" fill="#555">trace ${escapeXml(spans[0]?.traceId ?? "")} · ${rows.length} spans · ${services.length} services · ${formatMs(totalMs)}</text>`,
  );
  // The time axis.
  for (let tick = 0; tick <= 4; tick++) {
    const tickX = axisLeft + (axisWidth * tick) / 4;
    out.push(
      `<line x1="${tickX}" y1="${top - 8}" x2="${tickX}" y2="${top + rows.length * rowHeight}" stroke="#e3e3e3"/>`,
      `<text x="${tickX}" y="${top - 12}" text-anchor="middle" fill="#777">${formatMs((totalMs * tick) / 4)}</text>`,
    );
  }
  for (const [index, { span, depth }] of rows.entries()) {
    const y = top + index * rowHeight;
    const spanStart = nanos(span.startTimeUnixNano);
    const spanEnd = nanos(span.endTimeUnixNano ?? span.startTimeUnixNano);
    const barX = x(spanStart);
    const barWidth = Math.max(x(spanEnd) - barX, 2);
    const failed = isError(span);
    if (index % 2 === 0)
      out.push(`<rect x="0" y="${y}" width="${width}" height="${rowHeight}" fill="#f7f7f9"/>`);
    out.push(
      `<rect x="${12 + depth * 14}" y="${y + 7}" width="8" height="12" rx="2" fill="${colour(span.service)}"/>`,
      `<text x="${26 + depth * 14}" y="${y + 17}"><tspan fill="#666">${escapeXml(span.service)}</tspan> ${escapeXml(truncate(span.name, 56 - depth * 2))} <tspan fill="#999" font-size="10">${kindOf(span)}</tspan></text>`,
      `<rect x="${barX}" y="${y + 6}" width="${barWidth}" height="14" rx="2" fill="${colour(span.service)}"${failed ? ' stroke="#c62828" stroke-width="2"' : ""}/>`,
      `<text x="${Math.min(barX + barWidth + 4, width - 66)}" y="${y + 17}" fill="#444" font-size="11">${formatMs(Number(spanEnd - spanStart) / 1e6)}</text>`,
    );
  }
  // Links within the trace: from the linked span to the span that links to it.
  let linked = false;
  for (const [index, { span }] of rows.entries()) {
    for (const link of span.links ?? []) {
      const from = rowOf.get(link.spanId);
      if (from === undefined) continue;
      const fromY = top + from * rowHeight + 13;
      const toY = top + index * rowHeight + 13;
      const toX = x(nanos(span.startTimeUnixNano));
      linked = true;
      out.push(
        `<path d="M ${axisLeft - 4} ${fromY} C ${axisLeft - 40} ${fromY}, ${axisLeft - 40} ${toY}, ${toX - 2} ${toY}" fill="none" stroke="#8e24aa" stroke-dasharray="4 3" marker-end="url(#arrow)"/>`,
      );
    }
  }
  out.push(
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto"><path d="M 0 0 L 10 5 L 0 10 z" fill="#8e24aa"/></marker></defs>`,
  );
  const legendY = top + rows.length * rowHeight + 26;
  const legend = linked ? [...services, ""] : services;
  for (const [index, service] of legend.entries()) {
    if (service === "") {
      const legendX = 12 + (index % 4) * 290;
      const y = legendY + Math.floor(index / 4) * 20;
      out.push(
        `<path d="M ${legendX} ${y - 4} L ${legendX + 30} ${y - 4}" stroke="#8e24aa" stroke-dasharray="4 3" marker-end="url(#arrow)"/>`,
        `<text x="${legendX + 38}" y="${y}">link (an output to its input, a batch to its messages)</text>`,
      );
      continue;
    }
    const legendX = 12 + (index % 4) * 290;
    const y = legendY + Math.floor(index / 4) * 20;
    out.push(
      `<rect x="${legendX}" y="${y - 10}" width="12" height="12" rx="2" fill="${colour(service)}"/>`,
      `<text x="${legendX + 18}" y="${y}">${escapeXml(service)}</text>`,
    );
  }
  out.push("</svg>");
  return `${out.join("\n")}\n`;
}

const palette = ["#1e88e5", "#43a047", "#fb8c00", "#8e24aa", "#00897b", "#e53935", "#6d4c41", "#3949ab"];

/** Depth-first from the roots (spans whose parent is not in the trace), children by start time. */
function treeOrder(spans: readonly ServiceSpan[]): { span: ServiceSpan; depth: number }[] {
  const ids = new Set(spans.map((span) => span.spanId));
  const children = new Map<string | undefined, ServiceSpan[]>();
  for (const span of spans) {
    const parent = span.parentSpanId && ids.has(span.parentSpanId) ? span.parentSpanId : undefined;
    children.set(parent, [...(children.get(parent) ?? []), span]);
  }
  const byStart = (a: ServiceSpan, b: ServiceSpan) => {
    const difference = nanos(a.startTimeUnixNano) - nanos(b.startTimeUnixNano);
    return difference < 0n ? -1 : difference > 0n ? 1 : 0;
  };
  const rows: { span: ServiceSpan; depth: number }[] = [];
  const visit = (parent: string | undefined, depth: number) => {
    for (const span of [...(children.get(parent) ?? [])].sort(byStart)) {
      rows.push({ span, depth });
      visit(span.spanId, depth + 1);
    }
  };
  visit(undefined, 0);
  return rows;
}

function nanos(value: string | undefined): bigint {
  return BigInt(value ?? "0");
}

/** The smallest and largest of bigints (Math.min and Math.max take numbers only). */
function min(values: bigint[]): bigint {
  return [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))[0] ?? 0n;
}

function max(values: bigint[]): bigint {
  return [...values].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0))[0] ?? 0n;
}

function kindOf(span: ServiceSpan): string {
  const names = ["", "internal", "server", "client", "producer", "consumer"];
  const kind =
    typeof span.kind === "number" ? names[span.kind] : span.kind?.replace(/^SPAN_KIND_/, "").toLowerCase();
  return kind === "internal" || kind === "unspecified" ? "" : (kind ?? "");
}

function isError(span: ServiceSpan): boolean {
  const code = span.status?.code;
  return code === 2 || code === "STATUS_CODE_ERROR";
}

function formatMs(ms: number): string {
  if (ms === 0) return "0";
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 10) return `${ms.toFixed(0)} ms`;
  return `${ms.toFixed(2)} ms`;
}

function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

function escapeXml(text: string): string {
  return text.replace(
    /[&<>"]/g,
    (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[char] ?? char,
  );
}
