// Telling a 3.x from a 4.x broker by its ApiVersions answer, against a fake broker.
import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { ApiVersionRange } from "./broker-line.ts";
import {
  apiVersionsRequest,
  lineFromApiVersions,
  parseApiVersionsResponse,
  probeKafkaLine,
} from "./broker-line.ts";

/** An ApiVersions v0 response frame (size prefix included), as a broker sends it. */
function response(correlationId: number, ranges: readonly ApiVersionRange[], errorCode = 0): Buffer {
  const body = Buffer.alloc(4 + 2 + 4 + ranges.length * 6);
  body.writeInt32BE(correlationId, 0);
  body.writeInt16BE(errorCode, 4);
  body.writeInt32BE(ranges.length, 6);
  ranges.forEach((range, index) => {
    body.writeInt16BE(range.apiKey, 10 + index * 6);
    body.writeInt16BE(range.minVersion, 12 + index * 6);
    body.writeInt16BE(range.maxVersion, 14 + index * 6);
  });
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length, 0);
  return Buffer.concat([size, body]);
}

// Produce, Fetch, ApiVersions as Kafka 3.9.1 and 4.4.0 brokers list them (4.0 dropped Fetch v0-v3, KIP-896).
const KAFKA_39: ApiVersionRange[] = [
  { apiKey: 0, minVersion: 0, maxVersion: 11 },
  { apiKey: 1, minVersion: 0, maxVersion: 17 },
  { apiKey: 18, minVersion: 0, maxVersion: 4 },
];
const KAFKA_44: ApiVersionRange[] = [
  { apiKey: 0, minVersion: 0, maxVersion: 13 },
  { apiKey: 1, minVersion: 4, maxVersion: 18 },
  { apiKey: 18, minVersion: 0, maxVersion: 4 },
];

const servers: ReturnType<typeof createServer>[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

/** A fake broker that answers the first request with `answer(correlationId)`, split in two writes. */
async function fakeBroker(answer: (correlationId: number) => Buffer): Promise<string> {
  const server = createServer((socket) => {
    socket.once("data", (request: Buffer) => {
      // size(4) api_key(2) api_version(2) correlation_id(4)
      expect(request.readInt16BE(4)).toBe(18);
      const frame = answer(request.readInt32BE(8));
      socket.write(frame.subarray(0, 7));
      setTimeout(() => socket.end(frame.subarray(7)), 20);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("broker line from ApiVersions", () => {
  it("encodes an ApiVersions v0 request", () => {
    const request = apiVersionsRequest(42, "x");
    expect(request.readInt32BE(0)).toBe(request.length - 4);
    expect([request.readInt16BE(4), request.readInt16BE(6), request.readInt32BE(8)]).toEqual([18, 0, 42]);
    expect(request.readInt16BE(12)).toBe(1);
    expect(request.subarray(14).toString()).toBe("x");
  });

  it("tells 3.x from 4.x by the lowest Fetch version", () => {
    expect(lineFromApiVersions(parseApiVersionsResponse(response(5, KAFKA_39).subarray(4), 5))).toBe(3);
    expect(lineFromApiVersions(parseApiVersionsResponse(response(5, KAFKA_44).subarray(4), 5))).toBe(4);
    // UNSUPPORTED_VERSION still carries the ranges.
    expect(lineFromApiVersions(parseApiVersionsResponse(response(5, KAFKA_44, 35).subarray(4), 5))).toBe(4);
    expect(lineFromApiVersions([])).toBeUndefined();
    expect(() => parseApiVersionsResponse(response(6, KAFKA_44).subarray(4), 5)).toThrow(/another request/);
  });

  it("probes a broker over TCP", async () => {
    expect(await probeKafkaLine(await fakeBroker((id) => response(id, KAFKA_44)))).toBe(4);
    expect(await probeKafkaLine(await fakeBroker((id) => response(id, KAFKA_39)))).toBe(3);
  });

  it("says nothing of what is no Kafka broker", async () => {
    expect(
      await probeKafkaLine(await fakeBroker(() => Buffer.from("HTTP/1.1 400 Bad Request\r\n\r\n"))),
    ).toBe(undefined);
    const closed = await fakeBroker(() => Buffer.alloc(0));
    expect(await probeKafkaLine(closed, 1000)).toBeUndefined();
  });
});
