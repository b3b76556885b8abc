import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { inputHeader } from "../src/conventions.ts";
import { commitGroupOffset } from "./support/group-offset.ts";
import { audit, found, newTopic, type Plant, processHeaders, writeCommitted } from "./support/plant.ts";

describe("consume-transform-produce", () => {
  it("passes when each input offset has one whole set of outputs and the group's offset follows the last", async () => {
    const input = await newTopic("audit-ctp-in");
    const output = await newTopic("audit-ctp-out");
    const group = `ctp-clean-${randomBytes(3).toString("hex")}`;
    await writeCommitted(
      input,
      [0, 1, 2].map((i) => ({ value: `in ${i}` })),
    );
    const out = (offset: number, index: number): Plant => ({
      value: `out ${offset}.${index}`,
      headers: processHeaders(group, { topic: input, partition: 0, offset }, index),
    });
    await writeCommitted(output, [out(0, 0), out(0, 1), out(1, 0), out(2, 0)]);
    await commitGroupOffset(group, input, 3);
    const report = await audit([output]);
    expect(found(report)).toEqual({});
    expect(report.checks.consumeTransformProduce.status).toBe("passed");
    expect(report.records.processOutputs).toBe(4);
  });

  it("finds an incomplete output set, offsets behind the outputs, offsets past inputs without outputs, a mismatched input", async () => {
    const input = await newTopic("audit-ctp-in");
    const output = await newTopic("audit-ctp-out");
    const behind = `ctp-behind-${randomBytes(3).toString("hex")}`;
    const past = `ctp-past-${randomBytes(3).toString("hex")}`;
    // Inputs 0, 1, 2 (the commit marker at 3).
    await writeCommitted(
      input,
      [0, 1, 2].map((i) => ({ value: `in ${i}` })),
    );
    const out = (group: string, offset: number, index: number): Plant => ({
      value: `out ${offset}.${index}`,
      headers: processHeaders(group, { topic: input, partition: 0, offset }, index),
    });
    await writeCommitted(output, [
      // Group "behind": input 1's outputs are indexes 0 and 2 (1 is missing), and its committed
      // offset (2, below) says input 2 is not consumed yet although input 2 has an output.
      out(behind, 0, 0),
      out(behind, 1, 0),
      out(behind, 1, 2),
      out(behind, 2, 0),
      // Group "past": outputs for inputs 0 and 1, but its offset (3, below) also covers input 2.
      out(past, 0, 0),
      out(past, 1, 0),
      // An output whose header names another input than its message id does.
      {
        value: "odd",
        headers: processHeaders(past, { topic: input, partition: 0, offset: 0 }, 1).map((header) =>
          header.key === inputHeader ? { key: inputHeader, value: Buffer.from(`${input}/0/1`) } : header,
        ),
      },
    ]);
    await commitGroupOffset(behind, input, 2);
    await commitGroupOffset(past, input, 3);
    const report = await audit([output]);
    expect(found(report)).toEqual({
      consumeTransformProduce: {
        "incomplete-output-set": 1,
        "offsets-behind-outputs": 1,
        "offsets-past-outputs": 1,
        "input-mismatch": 1,
      },
    });
    const details = report.checks.consumeTransformProduce.examples.map((e) => `${e.kind}: ${e.detail}`);
    expect(details.find((d) => d.startsWith("incomplete"))).toContain(behind);
    expect(details.find((d) => d.startsWith("offsets-behind"))).toContain(behind);
    expect(details.find((d) => d.startsWith("offsets-past"))).toContain(past);
  });
});
