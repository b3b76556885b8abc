import { OnceportClient } from "./client.ts";
import type { ConnectOptions } from "./options.ts";

/**
 * Connects to a gateway and opens this client's session (retrying while the
 * gateway or Kafka is unreachable, within the retry policy). Opening the
 * session fences any earlier session of the same client id.
 *
 * ```ts
 * const client = await connect({ address: "127.0.0.1:50051", clientId: "orders-service" });
 * const { results } = await client.publish([{ topic: "orders", key: "o-1", value: "created" }]);
 * await client.close();
 * ```
 */
export async function connect(options: ConnectOptions): Promise<OnceportClient> {
  const client = new OnceportClient(options);
  try {
    await client.open();
  } catch (error) {
    await client.close();
    throw error;
  }
  return client;
}
