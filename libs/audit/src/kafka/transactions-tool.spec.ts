import { describe, expect, it } from "vitest";
import { parseTable } from "./transactions-tool.ts";

describe("kafka-transactions output", () => {
  it("reads its tab-separated, padded table", () => {
    const output = [
      "ProducerId\tProducerEpoch\tLatestCoordinatorEpoch\tLastSequence\tLastTimestamp\tCurrentTransactionStartOffset\t",
      "5001      \t0            \t-1                    \t2           \t1795761060100\tNone                         \t",
      "5002      \t3            \t0                     \t1           \t1795761060085\t2                            \t",
      "",
    ].join("\n");
    expect(parseTable(output)).toEqual([
      {
        ProducerId: "5001",
        ProducerEpoch: "0",
        LatestCoordinatorEpoch: "-1",
        LastSequence: "2",
        LastTimestamp: "1795761060100",
        CurrentTransactionStartOffset: "None",
      },
      {
        ProducerId: "5002",
        ProducerEpoch: "3",
        LatestCoordinatorEpoch: "0",
        LastSequence: "1",
        LastTimestamp: "1795761060085",
        CurrentTransactionStartOffset: "2",
      },
    ]);
  });

  it("reads an empty result (only the header) as no rows", () => {
    expect(
      parseTable(
        "Topic\tPartition\tProducerId\tProducerEpoch\tCoordinatorEpoch\tStartOffset\tLastTimestamp\tDuration(min)\t\n",
      ),
    ).toEqual([]);
  });
});
