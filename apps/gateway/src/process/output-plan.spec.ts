import { create } from "@bufbuild/protobuf";
import { ProcessOutputSchema } from "@onceport/api";
import { clientIdHeader, inputHeader, messageIdHeader } from "@onceport/audit";
import { headerText, type KafkaAdmin, KafkaError } from "@onceport/kafka";
import { describe, expect, it } from "vitest";
import { TopicCatalog } from "../kafka/topic-catalog.ts";
import { planOutputs } from "./output-plan.ts";

/** An admin that knows one topic, "out", with two partitions. */
const fakeAdmin = {
  describeTopics: async (topics: readonly string[]) => {
    if (topics[0] !== "out") throw new KafkaError("unknown-topic", "unknown");
    return [
      {
        topic: "out",
        partitions: [0, 1].map((partition) => ({ partition, leader: 1, replicas: [1], isr: [1] })),
      },
    ];
  },
} as unknown as KafkaAdmin;

const limits = {
  maxRecordBytes: 100,
  maxKeyBytes: 20,
  maxHeadersPerRecord: 3,
  maxHeaderBytes: 30,
  maxRequestBytes: 250,
  maxRecordsPerPublish: 5,
  maxKafkaBatchBytes: 1_040_000,
  forbiddenTopics: new Set(["receipts"]),
};
const batch = {
  group: "g",
  workerId: "w1",
  topic: "in",
  partition: 3,
  inputOffsets: new Set([10n, 11n, 12n]),
};
const output = (inputOffset: bigint, fields: Record<string, unknown> = {}) =>
  create(ProcessOutputSchema, {
    inputOffset,
    record: { topic: "out", partition: 0, value: Buffer.from(`v${inputOffset}`), ...fields },
  });

describe("planOutputs", () => {
  const catalog = new TopicCatalog(fakeAdmin);

  it("heads every output with its input, a message id counting the outputs of each input, and the worker id", async () => {
    const planned = await planOutputs([output(10n), output(12n), output(10n)], batch, catalog, limits);
    expect(planned.map((record) => headerText(record.headers, messageIdHeader))).toEqual([
      "g/in/3/10/0",
      "g/in/3/12/0",
      "g/in/3/10/1",
    ]);
    expect(planned.map((record) => headerText(record.headers, inputHeader))).toEqual([
      "in/3/10",
      "in/3/12",
      "in/3/10",
    ]);
    expect(planned.every((record) => headerText(record.headers, clientIdHeader) === "w1")).toBe(true);
    expect(planned.map((record) => record.messageId)).toEqual(["g/in/3/10/0", "g/in/3/12/0", "g/in/3/10/1"]);
  });

  it("accepts no outputs at all (the batch's offsets are still committed)", async () => {
    await expect(planOutputs([], batch, catalog, limits)).resolves.toEqual([]);
  });

  it.each([
    ["INVALID_ARGUMENT", "an input offset outside the batch", [output(13n)]],
    ["INVALID_ARGUMENT", "a message id of its own", [output(10n, { messageId: "mine" })]],
    ["INVALID_ARGUMENT", "no record", [create(ProcessOutputSchema, { inputOffset: 10n })]],
    ["TOPIC_NOT_FOUND", "an unknown topic", [output(10n, { topic: "nowhere" })]],
    ["PERMISSION_DENIED", "an internal topic", [output(10n, { topic: "receipts" })]],
    [
      "RESERVED_HEADER",
      "an onceport- header",
      [output(10n, { headers: [{ key: "onceport-input", value: Buffer.from("x") }] })],
    ],
    ["RECORD_TOO_LARGE", "a record over the limit", [output(10n, { value: Buffer.alloc(101) })]],
    [
      "TOO_MANY_RECORDS",
      "more outputs than a publish may hold",
      Array.from({ length: 6 }, () => output(10n)),
    ],
    [
      "REQUEST_TOO_LARGE",
      "outputs over the request size",
      Array.from({ length: 3 }, () => output(11n, { value: Buffer.alloc(90) })),
    ],
  ])("refuses with %s: %s", async (reason, _, outputs) => {
    await expect(planOutputs(outputs, batch, catalog, limits)).rejects.toMatchObject({ reason });
  });

  it("names the output, not 'record 0', in its refusals", async () => {
    await expect(
      planOutputs([output(10n), output(11n, { value: Buffer.alloc(101) })], batch, catalog, limits),
    ).rejects.toThrow(/^output 1 is/);
  });
});
