import { describe, expect, it } from "vitest";
import { countGoTestJson, countJunitXml } from "./test-report.ts";

describe("countJunitXml", () => {
  it("counts passed, failed, errored and skipped test cases", () => {
    const xml = `<?xml version="1.0"?><testsuites><testsuite tests="4">
      <testcase classname="a" name="ok" time="0.1"/>
      <testcase classname="a" name="ok2" time="0.1"><system-out>hi</system-out></testcase>
      <testcase classname="a" name="bad"><failure message="x">trace</failure></testcase>
      <testcase classname="a" name="broken"><error message="y"/></testcase>
      <testcase classname="a" name="later"><skipped message="z"/></testcase>
    </testsuite></testsuites>`;
    expect(countJunitXml(xml)).toEqual({
      numPassedTests: 2,
      numFailedTests: 2,
      numPendingTests: 1,
      numTodoTests: 0,
    });
  });
});

describe("countGoTestJson", () => {
  it("counts test events and ignores package events and other output", () => {
    const lines = [
      '{"Action":"run","Test":"TestA"}',
      '{"Action":"pass","Test":"TestA"}',
      '{"Action":"fail","Test":"TestB"}',
      '{"Action":"skip","Test":"TestC"}',
      '{"Action":"pass","Test":"TestD/sub"}',
      '{"Action":"fail","Package":"x"}',
      "go: downloading something",
    ].join("\n");
    expect(countGoTestJson(lines)).toEqual({
      numPassedTests: 2,
      numFailedTests: 1,
      numPendingTests: 1,
      numTodoTests: 0,
    });
  });
});
