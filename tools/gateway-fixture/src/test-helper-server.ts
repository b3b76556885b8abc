// The Kafka side of the language suites, over plain HTTP so that each language needs only
// its standard library to use it (the SDKs themselves speak only to the gateway):
//   POST /topics?partitions=2&prefix=py  -> {"topic": "<unique name>"}   (creates it, waits for leaders)
//   GET  /records?topic=T[&topic=U][&isolation=read_uncommitted][&expected=N][&idleMs=500]
//        -> [{"topic","partition","offset","key","value","headers"}]
// Reads use a real Kafka consumer (read_committed unless asked otherwise) from the earliest
// offset, so an exactly-once claim is still checked on the broker's data.
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createTopics, readRecords, uniqueTopicName } from "@onceport/kafka-dev/testing";

export interface TestHelperServer {
  readonly url: string;
  close(): Promise<void>;
}

export async function startTestHelperServer(brokers: readonly string[]): Promise<TestHelperServer> {
  const server = createServer((request, response) => {
    handle(brokers, request, response).catch((error: unknown) => {
      respond(response, 500, { error: error instanceof Error ? error.message : String(error) });
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
}

async function handle(
  brokers: readonly string[],
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? "/", "http://localhost");
  if (request.method === "POST" && url.pathname === "/topics") {
    const topic = uniqueTopicName(url.searchParams.get("prefix") ?? "sdk");
    await createTopics(brokers, [
      { topic, numPartitions: Number(url.searchParams.get("partitions") ?? "1") },
    ]);
    respond(response, 200, { topic });
    return;
  }
  if (request.method === "GET" && url.pathname === "/records") {
    const expected = url.searchParams.get("expected");
    const records = await readRecords(brokers, url.searchParams.getAll("topic"), {
      readUncommitted: url.searchParams.get("isolation") === "read_uncommitted",
      ...(expected === null ? {} : { expectedCount: Number(expected) }),
      idleMs: Number(url.searchParams.get("idleMs") ?? "500"),
      timeoutMs: 30_000,
    });
    const sorted = records.toSorted(
      (a, b) =>
        a.topic.localeCompare(b.topic) || a.partition - b.partition || Number(a.offset) - Number(b.offset),
    );
    respond(
      response,
      200,
      sorted.map((record) => ({
        ...record,
        offset: Number(record.offset),
        headers: Object.fromEntries(
          Object.entries(record.headers).map(([name, value]) => [name, value?.toString() ?? null]),
        ),
      })),
    );
    return;
  }
  respond(response, 404, { error: `no ${request.method} ${url.pathname}` });
}

function respond(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}
