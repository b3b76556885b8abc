import { describe, expect, it } from "vitest";
import { areaOf, type CpuProfile, summarizeCpuProfile } from "./cpu-profile-summary.ts";

const frame = (functionName: string, url = "", lineNumber = 0) => ({ functionName, url, lineNumber });

describe("summarizeCpuProfile", () => {
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: frame("(root)") },
      { id: 2, callFrame: frame("(idle)") },
      { id: 3, callFrame: frame("encode", "file:///r/node_modules/kafkajs/src/protocol/encoder.js", 9) },
      { id: 4, callFrame: frame("plan", "file:///r/apps/gateway/src/publish/record-plan.ts", 41) },
      { id: 5, callFrame: frame("(garbage collector)") },
      { id: 6, callFrame: frame("encode", "file:///r/node_modules/kafkajs/src/protocol/encoder.js", 9) },
    ],
    samples: [2, 3, 3, 4, 5, 2, 6],
    timeDeltas: [5000, 1000, 2000, 1000, 1000, 5000, 1000],
  };

  it("charges each sample's delta to its top frame, merging equal functions", () => {
    const summary = summarizeCpuProfile(profile);
    // Each sample stands for the time until the next one: 1,2,1,1,5,1,0 ms.
    expect(summary.totalMs).toBe(11);
    expect(summary.busyMs).toBe(9);
    expect(summary.topFunctions[1]).toEqual({
      name: "encode (kafkajs/src/protocol/encoder.js:10)",
      area: "kafkajs",
      ms: 3,
      percent: (3 / 9) * 100,
    });
    expect(summary.areas.map((area) => area.name)).toEqual(["(garbage collector)", "kafkajs", "gateway"]);
  });

  it("names areas by package or project folder", () => {
    expect(areaOf("file:///r/node_modules/@grpc/grpc-js/build/src/x.js", "f")).toBe("@grpc/grpc-js");
    expect(areaOf("node:internal/streams/writable", "f")).toBe("node");
    expect(areaOf("file:///r/libs/errors/src/x.ts", "f")).toBe("errors");
    expect(areaOf("", "(program)")).toBe("(program)");
  });
});
