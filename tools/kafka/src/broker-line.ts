// Which Kafka line (3.x or 4.x) a broker that this tool did not start belongs to, told from
// its ApiVersions answer alone: Kafka 4.0 removed Fetch v0-v3 (KIP-896), so a 4.x broker's
// lowest Fetch version is 4 where 3.x brokers still take v0. (Not Produce: 4.4.0 still lists
// Produce v0-v13, as seen on a real 4.4.0 broker here.) That is all that can be told
// without its command line; a broker this tool started names its exact version there
// (broker-process.ts, runningVersion).
import { connect } from "node:net";

const API_VERSIONS = 18;
const FETCH = 1;

export interface ApiVersionRange {
  readonly apiKey: number;
  readonly minVersion: number;
  readonly maxVersion: number;
}

/** An ApiVersions v0 request (request header v1, empty body), size prefix included. */
export function apiVersionsRequest(correlationId: number, clientId = "onceport-kafka-dev"): Buffer {
  const client = Buffer.from(clientId, "utf8");
  const body = Buffer.alloc(2 + 2 + 4 + 2 + client.length);
  body.writeInt16BE(API_VERSIONS, 0);
  body.writeInt16BE(0, 2);
  body.writeInt32BE(correlationId, 4);
  body.writeInt16BE(client.length, 8);
  client.copy(body, 10);
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length, 0);
  return Buffer.concat([size, body]);
}

/**
 * Parses an ApiVersions v0 response (without its size prefix): correlation id, error code,
 * then [api key, min, max] triples. A broker answers a version it does not take with v0 and
 * UNSUPPORTED_VERSION (35), ranges included, so error 35 still gives the ranges.
 */
export function parseApiVersionsResponse(frame: Buffer, correlationId: number): ApiVersionRange[] {
  if (frame.length < 10) throw new Error("ApiVersions response too short");
  if (frame.readInt32BE(0) !== correlationId) throw new Error("ApiVersions response for another request");
  const errorCode = frame.readInt16BE(4);
  if (errorCode !== 0 && errorCode !== 35) throw new Error(`ApiVersions error ${errorCode}`);
  const count = frame.readInt32BE(6);
  if (count < 0 || 10 + count * 6 > frame.length) throw new Error("ApiVersions response truncated");
  const ranges: ApiVersionRange[] = [];
  for (let index = 0; index < count; index++) {
    const at = 10 + index * 6;
    ranges.push({
      apiKey: frame.readInt16BE(at),
      minVersion: frame.readInt16BE(at + 2),
      maxVersion: frame.readInt16BE(at + 4),
    });
  }
  return ranges;
}

/** 4 when Fetch starts at v4 or later (KIP-896), else 3; undefined when Fetch is not listed. */
export function lineFromApiVersions(ranges: readonly ApiVersionRange[]): 3 | 4 | undefined {
  const fetch = ranges.find((range) => range.apiKey === FETCH);
  if (!fetch) return undefined;
  return fetch.minVersion >= 4 ? 4 : 3;
}

/**
 * The Kafka line of the broker at `address`, or undefined when it does not answer like a
 * Kafka broker within `timeoutMs` (then nothing can be said).
 */
export async function probeKafkaLine(address: string, timeoutMs = 3000): Promise<3 | 4 | undefined> {
  const separator = address.lastIndexOf(":");
  const host = address.slice(0, separator);
  const port = Number(address.slice(separator + 1));
  const correlationId = 7;
  return await new Promise((resolvePromise) => {
    const socket = connect({ host, port });
    let received = Buffer.alloc(0);
    const finish = (line: 3 | 4 | undefined) => {
      socket.destroy();
      resolvePromise(line);
    };
    socket.setTimeout(timeoutMs, () => finish(undefined));
    socket.once("error", () => finish(undefined));
    socket.once("close", () => finish(undefined));
    socket.once("connect", () => socket.write(apiVersionsRequest(correlationId)));
    socket.on("data", (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < 4) return;
      const size = received.readInt32BE(0);
      if (size < 0 || size > 1 << 20) return finish(undefined);
      if (received.length < 4 + size) return;
      try {
        finish(lineFromApiVersions(parseApiVersionsResponse(received.subarray(4, 4 + size), correlationId)));
      } catch {
        finish(undefined);
      }
    });
  });
}
