import type { KafkaAdmin } from "@onceport/kafka";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { KafkaHealth } from "./kafka-health.ts";

describe("KafkaHealth", () => {
  const service = "onceport.v1.GatewayService";
  const logger = pino({ level: "silent" });

  it("is SERVING while Kafka answers and NOT_SERVING when it does not", async () => {
    let reachable = true;
    const admin = {
      describeCluster: async () => {
        if (!reachable) throw new Error("Connection refused");
        return [];
      },
    } as unknown as KafkaAdmin;
    const health = new KafkaHealth(admin, [service], logger, 10);
    await health.start();
    expect(health.status).toBe("SERVING");
    reachable = false;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(health.status).toBe("NOT_SERVING");
    health.stop();
  });
});
