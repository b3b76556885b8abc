import { create, type DescMessage, type MessageInitShape, toBinary } from "@bufbuild/protobuf";
import {
  GatewayService,
  ProcessRequestSchema,
  PublishStreamRequestSchema,
  type RecordSchema,
  SubscribeRequestSchema,
} from "@onceport/api";
import fc from "fast-check";

/** The names hostile requests are made of: some granted to the fuzzer, some another's, some nonsense. */
export interface FuzzTargets {
  readonly grantedTopic: string;
  /** Never granted to the fuzzer: must stay empty. */
  readonly deniedTopic: string;
  /** Granted to the victim only. */
  readonly victimTopic: string;
  readonly victimClientId: string;
  readonly victimSessionId: string;
  /** A live session of the fuzzer's own. */
  readonly ownSessionId: string;
  readonly grantedClientIds: readonly string[];
  readonly grantedGroup: string;
}

/** Random bytes, or a valid encoding that is then truncated, extended or bit-flipped. */
export function mutatedBytes(valid: fc.Arbitrary<Uint8Array>): fc.Arbitrary<Uint8Array> {
  const mutation = fc.oneof(
    fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
    fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
    fc.record({
      kind: fc.constant("insert" as const),
      at: fc.nat(),
      bytes: fc.uint8Array({ maxLength: 16 }),
    }),
    fc.record({
      kind: fc.constant("repeat" as const),
      at: fc.nat(),
      length: fc.integer({ min: 1, max: 32 }),
    }),
  );
  const mutated = fc
    .tuple(valid, fc.array(mutation, { minLength: 1, maxLength: 4 }))
    .map(([bytes, steps]) => {
      let out = Buffer.from(bytes);
      for (const step of steps) {
        const at = out.length === 0 ? 0 : step.at % out.length;
        if (step.kind === "flip" && out.length > 0) out[at] = (out[at] ?? 0) ^ (1 << step.bit);
        else if (step.kind === "truncate") out = out.subarray(0, at);
        else if (step.kind === "insert")
          out = Buffer.concat([out.subarray(0, at), step.bytes, out.subarray(at)]);
        else if (step.kind === "repeat") out = Buffer.concat([out, out.subarray(at, at + step.length)]);
      }
      return new Uint8Array(out);
    });
  return fc.oneof(
    { arbitrary: fc.uint8Array({ maxLength: 600 }), weight: 1 },
    { arbitrary: mutated, weight: 2 },
  );
}

const encode =
  <Desc extends DescMessage>(schema: Desc) =>
  (init: MessageInitShape<Desc>): Uint8Array =>
    toBinary(schema, create(schema, init));

export function hostileNames(targets: FuzzTargets) {
  const weird = fc.oneof(
    fc.constantFrom(
      "",
      " ",
      "..",
      "a/b",
      "x".repeat(300),
      "__consumer_offsets",
      "__onceport_receipts",
      "é\u0000\uffff",
    ),
    fc.string({ maxLength: 40 }),
    fc.string({ unit: "binary", maxLength: 20 }),
  );
  return {
    topic: fc.oneof(
      { arbitrary: fc.constant(targets.grantedTopic), weight: 2 },
      { arbitrary: fc.constantFrom(targets.deniedTopic, targets.victimTopic, "no-such-topic"), weight: 2 },
      { arbitrary: weird, weight: 1 },
    ),
    clientId: fc.oneof(
      { arbitrary: fc.constantFrom(targets.victimClientId, "someone-else", "victim-2"), weight: 4 },
      { arbitrary: fc.constantFrom(...targets.grantedClientIds), weight: 1 },
      { arbitrary: weird, weight: 4 },
    ),
    sessionId: fc.oneof(
      { arbitrary: fc.constant(targets.ownSessionId), weight: 3 },
      {
        arbitrary: fc.constantFrom(targets.victimSessionId, "", "00000000-0000-4000-8000-000000000000"),
        weight: 2,
      },
      { arbitrary: weird, weight: 1 },
    ),
    key: fc.oneof(fc.constantFrom("", "k", "x".repeat(201)), fc.string({ maxLength: 30 })),
    group: fc.oneof(fc.constantFrom(targets.grantedGroup, "victim-group", ""), weird),
  };
}

/** Records that are valid protobuf but as hostile as can be: other's topics, reserved headers, odd partitions. */
export function hostileRecords(targets: FuzzTargets): fc.Arbitrary<MessageInitShape<typeof RecordSchema>[]> {
  const names = hostileNames(targets);
  const record = fc.record({
    topic: names.topic,
    partition: fc.option(fc.constantFrom(-1, 0, 1, 99, 2 ** 31 - 1), { nil: undefined }),
    key: fc.option(fc.uint8Array({ maxLength: 16 }), { nil: undefined }),
    value: fc.uint8Array({ maxLength: 64 }),
    headers: fc.array(
      fc.record({
        key: fc.constantFrom("onceport-client-id", "ONCEPORT-message-id", "h", "", "traceparent"),
        value: fc.uint8Array({ maxLength: 8 }),
      }),
      { maxLength: 3 },
    ),
    messageId: fc.oneof(fc.constant(""), fc.string({ maxLength: 20 }), fc.constant("m".repeat(201))),
  });
  return fc.array(record, { maxLength: 4 }).map((records) =>
    records.map(({ partition, key, ...rest }) => ({
      ...rest,
      ...(partition === undefined ? {} : { partition }),
      ...(key === undefined ? {} : { key }),
    })),
  );
}

/** A valid-but-hostile encoded request for each unary method of GatewayService. */
export function hostileUnary(targets: FuzzTargets): Record<string, fc.Arbitrary<Uint8Array>> {
  const names = hostileNames(targets);
  const records = hostileRecords(targets);
  const methods = GatewayService.method;
  return {
    OpenSession: names.clientId.map((clientId) => encode(methods.openSession.input)({ clientId })),
    // Not the fuzzer's own session: closing it early would leave the other methods nothing to write with.
    CloseSession: fc
      .oneof(
        fc.constantFrom(targets.victimSessionId, "", "00000000-0000-4000-8000-000000000000"),
        fc.string(),
      )
      .map((sessionId) => encode(methods.closeSession.input)({ sessionId })),
    Publish: fc
      .record({ sessionId: names.sessionId, idempotencyKey: names.key, records })
      .map(encode(methods.publish.input)),
    BeginTransaction: fc
      .record({ sessionId: names.sessionId, idempotencyKey: names.key })
      .map(encode(methods.beginTransaction.input)),
    Send: fc
      .record({ sessionId: names.sessionId, transactionId: fc.string({ maxLength: 40 }), records })
      .map(encode(methods.send.input)),
    CommitTransaction: fc
      .record({ sessionId: names.sessionId, transactionId: fc.string({ maxLength: 40 }) })
      .map(encode(methods.commitTransaction.input)),
    AbortTransaction: fc
      .record({ sessionId: names.sessionId, transactionId: fc.string({ maxLength: 40 }) })
      .map(encode(methods.abortTransaction.input)),
  };
}

/** Hostile messages of each streaming method's request type. */
export function hostileStreamMessages(targets: FuzzTargets) {
  const names = hostileNames(targets);
  const records = hostileRecords(targets);
  const publishStream = fc.oneof(
    names.sessionId.map((sessionId) =>
      encode(PublishStreamRequestSchema)({ kind: { case: "open", value: { sessionId } } }),
    ),
    fc
      .record({ idempotencyKey: names.key, records })
      .map((value) => encode(PublishStreamRequestSchema)({ kind: { case: "publish", value } })),
    fc.constant(encode(PublishStreamRequestSchema)({})),
  );
  const join = fc.record({
    group: names.group,
    topics: fc.array(names.topic, { maxLength: 3 }),
    workerId: names.clientId,
    maxBatchRecords: fc.integer({ min: -5, max: 2 ** 31 - 1 }),
    maxInFlightBatches: fc.integer({ min: -5, max: 2 ** 31 - 1 }),
    startAtLatest: fc.boolean(),
  });
  const result = fc.record({
    batchId: fc.oneof(fc.constant("1"), fc.string({ maxLength: 12 })),
    outputs: records.chain((outputs) =>
      fc.constant(outputs.map((record, index) => ({ inputOffset: BigInt(index - 1), record }))),
    ),
  });
  const process = fc.oneof(
    join.map((value) => encode(ProcessRequestSchema)({ kind: { case: "join", value } })),
    result.map((value) => encode(ProcessRequestSchema)({ kind: { case: "result", value } })),
    fc.constant(encode(ProcessRequestSchema)({})),
  );
  const subscribe = fc
    .record({
      topics: fc.array(names.topic, { maxLength: 3 }),
      position: fc.oneof(fc.constant(""), fc.string({ maxLength: 30 }), fc.constant("p1.AAAA")),
      startAtLatest: fc.boolean(),
    })
    .map(encode(SubscribeRequestSchema));
  const service = fc.oneof(
    fc.constantFrom("", "onceport.v1.GatewayService", "nope"),
    fc.string({ maxLength: 20 }),
  );
  const healthCheck = service.map((name) => stringField(1, name));
  const reflection = fc.oneof(
    fc.constant(stringField(7, "")),
    service.map((name) => stringField(4, name)),
    fc.string({ maxLength: 30 }).map((name) => stringField(3, name)),
  );
  return { publishStream, process, subscribe, healthCheck, reflection };
}

/** A protobuf string field, encoded by hand (the health and reflection types are not generated here). */
export function stringField(field: number, value: string): Uint8Array {
  const bytes = Buffer.from(value);
  const length: number[] = [];
  let rest = bytes.length;
  do {
    length.push((rest & 0x7f) | (rest > 0x7f ? 0x80 : 0));
    rest >>>= 7;
  } while (rest > 0);
  return new Uint8Array(Buffer.concat([Buffer.from([(field << 3) | 2, ...length]), bytes]));
}
