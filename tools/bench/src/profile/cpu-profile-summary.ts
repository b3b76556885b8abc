/** The parts of V8's .cpuprofile format (node --cpu-prof) a summary needs. */
export interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: {
      readonly functionName: string;
      readonly url: string;
      readonly lineNumber: number;
    };
    readonly children?: readonly number[];
  }[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface SelfTime {
  /** `function (file:line)`, or V8's pseudo-frames: (garbage collector), (program), (idle). */
  readonly name: string;
  /** The package or area the code belongs to, e.g. `kafkajs`, `@grpc/grpc-js`, `gateway`, `node`. */
  readonly area: string;
  readonly ms: number;
  /** Share of the busy time (everything but idle), in percent. */
  readonly percent: number;
}

export interface ProfileSummary {
  readonly totalMs: number;
  /** Sampled time not idle: what the process spent working. */
  readonly busyMs: number;
  readonly topFunctions: readonly SelfTime[];
  readonly areas: readonly Omit<SelfTime, "area">[];
  /**
   * The project's own functions (apps/, libs/) by total time, callees
   * included: which step of the gateway's work the time goes to.
   */
  readonly projectFunctions: readonly SelfTime[];
}

/**
 * Self time by function and by area, from the samples' time deltas (the time
 * until the next sample is charged to the frame on top of the stack, as
 * Chrome's "self time" column does).
 */
export function summarizeCpuProfile(profile: CpuProfile, top = 15): ProfileSummary {
  const frameOf = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const selfByNode = new Map<number, number>();
  let totalUs = 0;
  for (const [index, nodeId] of profile.samples.entries()) {
    // timeDeltas[i] is the time from sample i-1 to sample i: the time until the
    // next sample is what sample i stood for (as Chrome DevTools counts it).
    const delta = Math.max(0, profile.timeDeltas[index + 1] ?? 0);
    totalUs += delta;
    selfByNode.set(nodeId, (selfByNode.get(nodeId) ?? 0) + delta);
  }
  const byFunction = new Map<string, { area: string; us: number }>();
  const byArea = new Map<string, number>();
  let idleUs = 0;
  for (const [nodeId, us] of selfByNode) {
    const frame = frameOf.get(nodeId);
    if (!frame) continue;
    if (frame.functionName === "(idle)") {
      idleUs += us;
      continue;
    }
    const area = areaOf(frame.url, frame.functionName);
    const name = frame.url
      ? `${frame.functionName || "(anonymous)"} (${shortUrl(frame.url)}:${frame.lineNumber + 1})`
      : frame.functionName || "(native code)";
    const entry = byFunction.get(name) ?? { area, us: 0 };
    entry.us += us;
    byFunction.set(name, entry);
    byArea.set(area, (byArea.get(area) ?? 0) + us);
  }
  const busyUs = totalUs - idleUs;
  const inclusive = inclusiveProjectTime(profile, selfByNode);
  const percent = (us: number): number => (busyUs > 0 ? (us / busyUs) * 100 : 0);
  return {
    totalMs: totalUs / 1000,
    busyMs: busyUs / 1000,
    topFunctions: [...byFunction]
      .sort((a, b) => b[1].us - a[1].us)
      .slice(0, top)
      .map(([name, { area, us }]) => ({ name, area, ms: us / 1000, percent: percent(us) })),
    areas: [...byArea]
      .sort((a, b) => b[1] - a[1])
      .map(([name, us]) => ({ name, ms: us / 1000, percent: percent(us) })),
    projectFunctions: [...inclusive]
      .sort((a, b) => b[1].us - a[1].us)
      .slice(0, top)
      .map(([name, { area, us }]) => ({ name, area, ms: us / 1000, percent: percent(us) })),
  };
}

/** Total time of each project function: every sample under it, counted once per stack. */
function inclusiveProjectTime(
  profile: CpuProfile,
  selfByNode: ReadonlyMap<number, number>,
): Map<string, { area: string; us: number }> {
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const totals = new Map<string, { area: string; us: number }>();
  for (const [nodeId, us] of selfByNode) {
    const seen = new Set<string>();
    for (let id: number | undefined = nodeId; id !== undefined; id = parentOf.get(id)) {
      const frame = byId.get(id)?.callFrame;
      if (!frame || !/\/(apps|libs)\//.test(frame.url)) continue;
      const name = `${frame.functionName || "(anonymous)"} (${shortUrl(frame.url)}:${frame.lineNumber + 1})`;
      if (seen.has(name)) continue;
      seen.add(name);
      const entry = totals.get(name) ?? { area: areaOf(frame.url, frame.functionName), us: 0 };
      entry.us += us;
      totals.set(name, entry);
    }
  }
  return totals;
}

/** The npm package a file belongs to, the project's own folder, or Node's internals. */
export function areaOf(url: string, functionName: string): string {
  if (url === "") return functionName.startsWith("(") ? functionName : "native";
  if (url.startsWith("node:")) return "node";
  const modules = url.lastIndexOf("/node_modules/");
  if (modules >= 0) {
    const parts = url.slice(modules + "/node_modules/".length).split("/");
    return parts[0]?.startsWith("@") ? `${parts[0]}/${parts[1] ?? ""}` : (parts[0] ?? url);
  }
  const project = /\/(apps|libs|tools)\/([^/]+)\//.exec(url);
  if (project) return project[2] ?? url;
  return "other";
}

function shortUrl(url: string): string {
  const modules = url.lastIndexOf("/node_modules/");
  if (modules >= 0) return url.slice(modules + "/node_modules/".length);
  const project = /\/((apps|libs|tools)\/.*)$/.exec(url);
  return project?.[1] ?? url.replace(/^file:\/\//, "");
}
