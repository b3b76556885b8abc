import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import {
  Metadata,
  Server,
  ServerCredentials,
  type ServerDuplexStream,
  type ServerUnaryCall,
  type ServerWritableStream,
  type ServiceError,
  type sendUnaryData,
  status,
} from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grpcServiceDefinition } from "../grpc-service-definition.ts";
import {
  GatewayService,
  OpenSessionRequestSchema,
  OpenSessionResponseSchema,
  PublishStreamRequestSchema,
  PublishStreamResponseSchema,
  SubscribeRequestSchema,
  SubscribeResponseSchema,
  SubscribeService,
} from "../index.ts";
import { ServiceClient } from "./service-client.ts";

/** The session id echoes the client id and the `x-who` and `x-call` metadata; "slow" answers after 500 ms. */
function openSession(call: ServerUnaryCall<Buffer, unknown>, callback: sendUnaryData<unknown>): void {
  let request: ReturnType<typeof fromBinary<typeof OpenSessionRequestSchema>>;
  try {
    request = fromBinary(OpenSessionRequestSchema, call.request);
  } catch {
    callback({ code: status.INVALID_ARGUMENT, details: "malformed request" });
    return;
  }
  if (request.clientId === "refused") {
    callback({ code: status.PERMISSION_DENIED, details: "not you" });
    return;
  }
  const answer = () =>
    callback(
      null,
      create(OpenSessionResponseSchema, {
        sessionId: [request.clientId, ...call.metadata.get("x-who"), ...call.metadata.get("x-call")].join(
          ":",
        ),
      }),
    );
  if (request.clientId === "slow") setTimeout(answer, 500);
  else answer();
}

describe("ServiceClient (a local grpc-js server, no broker)", () => {
  const server = new Server();
  let address = "";

  beforeAll(async () => {
    // Requests arrive raw, so malformed bytes get a status of the handler's, as on the gateway.
    server.addService(grpcServiceDefinition(GatewayService, "raw"), {
      openSession,
      publishStream: (call: ServerDuplexStream<Buffer, unknown>) => {
        call.on("data", (bytes: Buffer) => {
          const request = fromBinary(PublishStreamRequestSchema, bytes);
          if (request.kind.case !== "publish") return;
          const idempotencyKey = request.kind.value.idempotencyKey;
          call.write(create(PublishStreamResponseSchema, { idempotencyKey }));
        });
        call.on("end", () => call.end());
      },
    });
    server.addService(grpcServiceDefinition(SubscribeService, "raw"), {
      subscribe: (call: ServerWritableStream<Buffer, unknown>) => {
        const request = fromBinary(SubscribeRequestSchema, call.request);
        for (const topic of request.topics) {
          call.write(create(SubscribeResponseSchema, { position: topic }));
        }
        call.end();
      },
    });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync("127.0.0.1:0", ServerCredentials.createInsecure(), (error, bound) =>
        error ? reject(error) : resolve(bound),
      ),
    );
    address = `127.0.0.1:${port}`;
  });
  afterAll(() => {
    server.forceShutdown();
  });

  it("makes a typed unary call, with the client's metadata (asked for per call) and the call's own", async () => {
    let calls = 0;
    const client = new ServiceClient(GatewayService, address, {
      callMetadata: () => ({ "x-who": `client-${++calls}` }),
    });
    try {
      const first = await client.call("openSession", { clientId: "a" });
      expect(first.sessionId).toBe("a:client-1");
      const own = new Metadata();
      own.set("x-call", "call");
      own.set("x-who", "overridden");
      const second = await client.call("openSession", { clientId: "b" }, { metadata: own });
      expect(second.sessionId).toBe("b:client-2:call");
      // The caller's metadata is copied, not changed.
      expect(own.get("x-who")).toEqual(["overridden"]);
    } finally {
      client.close();
    }
  });

  it("rejects with the status, or with what mapError makes of it", async () => {
    const plain = new ServiceClient(GatewayService, address);
    const mapped = new ServiceClient(GatewayService, address, {
      mapError: (error: ServiceError) => new Error(`mapped ${error.code}`),
    });
    try {
      await expect(plain.call("openSession", { clientId: "refused" })).rejects.toMatchObject({
        code: status.PERMISSION_DENIED,
        details: "not you",
      });
      await expect(mapped.call("openSession", { clientId: "refused" })).rejects.toThrow(
        `mapped ${status.PERMISSION_DENIED}`,
      );
    } finally {
      plain.close();
      mapped.close();
    }
  });

  it("gives a unary call the deadline asked for", async () => {
    const client = new ServiceClient(GatewayService, address);
    try {
      await expect(client.call("openSession", { clientId: "slow" }, { timeoutMs: 50 })).rejects.toMatchObject(
        {
          code: status.DEADLINE_EXCEEDED,
        },
      );
      expect((await client.call("openSession", { clientId: "slow" })).sessionId).toBe("slow");
    } finally {
      client.close();
    }
  });

  it("reads a server stream and speaks a bidirectional one, typed", async () => {
    const subscriber = new ServiceClient(SubscribeService, address);
    const gateway = new ServiceClient(GatewayService, address);
    try {
      const positions: string[] = [];
      const reading = subscriber.serverStream("subscribe", { topics: ["t1", "t2"] });
      reading.on("data", (response) => positions.push(response.position));
      await new Promise((resolve, reject) => reading.on("end", resolve).on("error", reject));
      expect(positions).toEqual(["t1", "t2"]);

      const stream = gateway.bidiStream("publishStream");
      const keys: string[] = [];
      stream.on("data", (response) => keys.push(response.idempotencyKey));
      const ended = new Promise((resolve, reject) => stream.on("end", resolve).on("error", reject));
      for (const key of ["k1", "k2"]) {
        stream.write(
          create(PublishStreamRequestSchema, { kind: { case: "publish", value: { idempotencyKey: key } } }),
        );
      }
      stream.end();
      await ended;
      expect(keys).toEqual(["k1", "k2"]);
    } finally {
      subscriber.close();
      gateway.close();
    }
  });

  it("sends raw bytes to a path and resolves with the raw answer", async () => {
    const client = new ServiceClient(GatewayService, address);
    const path = "/onceport.v1.GatewayService/OpenSession";
    try {
      const bytes = toBinary(OpenSessionRequestSchema, create(OpenSessionRequestSchema, { clientId: "raw" }));
      const answer = await client.rawUnary(path, bytes);
      expect(fromBinary(OpenSessionResponseSchema, answer).sessionId).toBe("raw");
      await expect(client.rawUnary(path, Buffer.from([0xff, 0xff]))).rejects.toMatchObject({
        code: status.INVALID_ARGUMENT,
      });
    } finally {
      client.close();
    }
  });
});
