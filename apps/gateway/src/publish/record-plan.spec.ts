import type { Record as ApiRecord } from "@onceport/api";
import { clientIdHeader, messageIdHeader } from "@onceport/audit";
import { headerText, type KafkaAdmin, KafkaError } from "@onceport/kafka";
import { describe, expect, it } from "vitest";
import { TopicCatalog } from "../kafka/topic-catalog.ts";
import { planRecords } from "./record-plan.ts";

/** An admin that knows one topic with three partitions (unit tests need no broker). */
const fakeAdmin = {
  describeTopics: async (topics: readonly string[]) => {
    if (topics[0] !== "known") throw new KafkaError("unknown-topic", "unknown");
    return [
      {
        topic: "known",
        partitions: [0, 1, 2].map((partition) => ({ partition, leader: 1, replicas: [1], isr: [1] })),
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
const context = { clientId: "c1", idempotencyKey: "key" };
const value = (text: string) => Buffer.from(text);

describe("planRecords", () => {
  const catalog = new TopicCatalog(fakeAdmin);

  it("derives message ids, adds the client header, and places keyed records as murmur2 does", async () => {
    const planned = await planRecords(
      [
        {
          $typeName: "onceport.v1.Record",
          topic: "known",
          value: value("a"),
          headers: [],
          messageId: "",
          key: value("k"),
        },
        {
          $typeName: "onceport.v1.Record",
          topic: "known",
          value: value("b"),
          headers: [],
          messageId: "mine",
          partition: 2,
        },
      ],
      { ...context, firstIndex: 3 },
      catalog,
      limits,
    );
    expect(planned.map((p) => p.messageId)).toEqual(["key/3", "mine"]);
    expect(headerText(planned[0]?.headers ?? [], messageIdHeader)).toBe("key/3");
    expect(headerText(planned[0]?.headers ?? [], clientIdHeader)).toBe("c1");
    // Kafka's Java client puts key "k" on partition 2 of 3 (murmur2): the gateway must agree.
    expect(planned[0]?.partition).toBe(2);
    expect(planned[1]?.partition).toBe(2);
  });

  it.each([
    ["TOPIC_NOT_FOUND", { topic: "unknown" }],
    ["PARTITION_NOT_FOUND", { topic: "known", partition: 3 }],
    ["PERMISSION_DENIED", { topic: "receipts" }],
    ["RECORD_TOO_LARGE", { topic: "known", value: Buffer.alloc(101) }],
  ])("refuses with %s", async (reason, fields) => {
    const bad = {
      $typeName: "onceport.v1.Record" as const,
      value: value("v"),
      headers: [],
      messageId: "",
      ...fields,
    };
    await expect(planRecords([bad], context, catalog, limits)).rejects.toMatchObject({ reason });
  });

  it("refuses a record that, with the gateway's headers, would not fit in a Kafka batch", async () => {
    const record = {
      $typeName: "onceport.v1.Record" as const,
      topic: "known",
      value: Buffer.alloc(100),
      headers: [],
      messageId: "",
    };
    const fits = { ...limits, maxKafkaBatchBytes: 500 };
    await expect(planRecords([record], context, catalog, fits)).resolves.toHaveLength(1);
    // The payload is within max-record-bytes, but the message and client id headers, the
    // room for a traceparent and the batch overhead take it past a small batch limit.
    const tight = { ...limits, maxKafkaBatchBytes: 300 };
    await expect(planRecords([record], context, catalog, tight)).rejects.toMatchObject({
      reason: "RECORD_TOO_LARGE",
      message: expect.stringContaining("--kafka-max-batch-bytes"),
    });
  });

  it("refuses a publish over the request size as a whole", async () => {
    const record = {
      $typeName: "onceport.v1.Record" as const,
      topic: "known",
      value: Buffer.alloc(90),
      headers: [],
      messageId: "",
    };
    await expect(planRecords([record, record, record], context, catalog, limits)).rejects.toMatchObject({
      reason: "REQUEST_TOO_LARGE",
    });
  });
});

describe("planRecords, hostile records", () => {
  const catalog = new TopicCatalog(fakeAdmin);
  const record = (fields: Partial<ApiRecord> = {}): ApiRecord => ({
    $typeName: "onceport.v1.Record",
    topic: "known",
    value: Buffer.from("v"),
    headers: [],
    messageId: "",
    ...fields,
  });
  const header = (key: string, text = "") => ({
    $typeName: "onceport.v1.Header" as const,
    key,
    value: Buffer.from(text),
  });

  it("keeps headers named like object properties, and repeated names, in order", async () => {
    const names = ["__proto__", "toString", "constructor", "valueOf", "hasOwnProperty", "toString"];
    const [planned] = await planRecords(
      [record({ headers: names.map((name, index) => header(name, String(index))) })],
      context,
      catalog,
      { ...limits, maxHeadersPerRecord: 10, maxHeaderBytes: 100 },
    );
    expect(planned?.headers.map(({ key, value }) => `${key}=${value}`)).toEqual([
      ...names.map((name, index) => `${name}=${index}`),
      `${messageIdHeader}=key/0`,
      `${clientIdHeader}=c1`,
    ]);
  });

  it("plans 100,000 headers of one name in one pass (an array rebuilt per header took minutes)", async () => {
    const many = Array.from({ length: 100_000 }, (_, index) => header("h", String(index % 10)));
    const [planned] = await planRecords([record({ headers: many })], context, catalog, {
      ...limits,
      maxRecordBytes: 10_000_000,
      maxRequestBytes: 10_000_000,
      maxHeadersPerRecord: 100_000,
      maxHeaderBytes: 1_000_000,
      maxKafkaBatchBytes: 10_000_000,
    });
    expect(planned?.headers).toHaveLength(100_002);
    expect(planned?.headers[99_999]).toEqual({ key: "h", value: Buffer.from("9") });
  });

  it("refuses a key over --max-key-bytes, too many headers, and headers over --max-header-bytes", async () => {
    await expect(
      planRecords([record({ key: Buffer.alloc(21) })], context, catalog, limits),
    ).rejects.toMatchObject({
      reason: "RECORD_TOO_LARGE",
      message: expect.stringContaining("--max-key-bytes"),
    });
    await expect(
      planRecords([record({ key: Buffer.alloc(20) })], context, catalog, limits),
    ).resolves.toHaveLength(1);
    const four = ["a", "b", "c", "d"].map((name) => header(name));
    await expect(planRecords([record({ headers: four })], context, catalog, limits)).rejects.toMatchObject({
      reason: "RECORD_TOO_LARGE",
      message: expect.stringContaining("--max-headers-per-record"),
    });
    await expect(
      planRecords([record({ headers: [header("a", "x".repeat(30))] })], context, catalog, limits),
    ).rejects.toMatchObject({
      reason: "RECORD_TOO_LARGE",
      message: expect.stringContaining("--max-header-bytes"),
    });
  });

  it("refuses topic names Kafka refuses as INVALID_ARGUMENT, quoting at most a short piece of them", async () => {
    for (const topic of ["a".repeat(250), "with\u0000nul", "spa ce", "..", "ü"]) {
      await expect(planRecords([record({ topic })], context, catalog, limits)).rejects.toMatchObject({
        reason: "INVALID_ARGUMENT",
      });
    }
    const error = await planRecords([record({ topic: "x".repeat(10_000) })], context, catalog, limits).then(
      () => new Error("planned"),
      (caught: unknown) => caught as Error,
    );
    expect(error.message.length).toBeLessThan(200);
    await expect(
      planRecords([record({ topic: "a".repeat(249) })], context, catalog, limits),
    ).rejects.toMatchObject({
      reason: "TOPIC_NOT_FOUND",
    });
  });
});

describe("planRecords, bytes", () => {
  it("hands the Kafka layer the request's bytes without copying them", async () => {
    // Decoded protobuf bytes are views into the received message, as here.
    const message = Buffer.from("xxKEYVALUEhdr");
    const [planned] = await planRecords(
      [
        {
          $typeName: "onceport.v1.Record",
          topic: "known",
          key: message.subarray(2, 5),
          value: message.subarray(5, 10),
          headers: [{ $typeName: "onceport.v1.Header", key: "h", value: message.subarray(10, 13) }],
          messageId: "",
        },
      ],
      context,
      new TopicCatalog(fakeAdmin),
      limits,
    );
    expect(planned?.value.toString()).toBe("VALUE");
    expect(planned?.key?.toString()).toBe("KEY");
    expect(headerText(planned?.headers ?? [], "h")).toBe("hdr");
    // The same memory: a change to the message shows through (no copy was made).
    message.write("v", 5);
    expect(planned?.value.toString()).toBe("vALUE");
    expect(planned?.value.buffer).toBe(message.buffer);
  });
});
