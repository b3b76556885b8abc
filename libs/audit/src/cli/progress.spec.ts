import { describe, expect, it } from "vitest";
import { progressPrinter } from "./progress.ts";

describe("progress on stderr", () => {
  it("off a terminal: a line when a phase starts, every 5 s, and when it is done", () => {
    let text = "";
    let clock = 0;
    const printer = progressPrinter(
      { stdout: { write: () => true }, stderr: { write: (s: string) => (text += s) } },
      () => clock,
    );
    printer.update({ phase: "read_committed", records: 0, offsets: 1000, done: false });
    clock = 1000;
    printer.update({ phase: "read_committed", records: 100, offsets: 1000, done: false });
    clock = 6000;
    printer.update({ phase: "read_committed", records: 600, offsets: 1000, done: false });
    clock = 7000;
    printer.update({ phase: "read_committed", records: 990, offsets: 1000, done: true });
    printer.update({ phase: "transactions", records: 0, offsets: 0, done: false });
    printer.end();
    expect(text.split("\n")).toEqual([
      "[audit] read_committed   [------------------------------]   0%  0 records",
      "[audit] read_committed   [##################------------]  60%  600 records  100/s",
      "[audit] read_committed   [##############################] 100%  990 records  141/s",
      "[audit] transactions...",
      "",
    ]);
  });

  it("on a terminal: one bar redrawn in place", () => {
    let text = "";
    const printer = progressPrinter({
      stdout: { write: () => true },
      stderr: { write: (s: string) => (text += s), isTTY: true },
    });
    printer.update({ phase: "read_uncommitted", records: 5, offsets: 10, done: false });
    printer.update({ phase: "read_uncommitted", records: 10, offsets: 10, done: true });
    printer.end();
    expect(text.startsWith("\r[audit] read_uncommitted [###############---------------]  50%")).toBe(true);
    expect(text.endsWith("100%  10 records\n")).toBe(true);
  });
});
