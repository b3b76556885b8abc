import { type KafkaAdmin, KafkaError } from "@onceport/kafka";
import { describe, expect, it } from "vitest";
import { TopicCatalog } from "../kafka/topic-catalog.ts";
import { clientIdHeader, messageIdHeader, planRecords } from "./record-plan.ts";

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
    expect(planned[0]?.headers[messageIdHeader]).toBe("key/3");
    expect(planned[0]?.headers[clientIdHeader]).toBe("c1");
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

describe("planRecords, bytes", () => {
  it("hands kafkajs the request's bytes without copying them", async () => {
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
    expect(String(planned?.headers.h)).toBe("hdr");
    // The same memory: a change to the message shows through (no copy was made).
    message.write("v", 5);
    expect(planned?.value.toString()).toBe("vALUE");
    expect(planned?.value.buffer).toBe(message.buffer);
  });
});
