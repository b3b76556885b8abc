// One running environment for SDK tests: the shared local broker (leased, so the last user
// stops it if the harness started it), a gateway process of its own, and the test helper.
import { randomBytes } from "node:crypto";
import { ensureLocalBroker } from "@onceport/kafka-dev";
import { type GatewayProcess, startGatewayProcess } from "./gateway-process.ts";
import { startTestHelperServer, type TestHelperServer } from "./test-helper-server.ts";

export interface FixtureEnvironment {
  readonly gateway: GatewayProcess;
  readonly helper: TestHelperServer;
  readonly brokers: readonly string[];
  /** What a test process needs to know, as environment variables. */
  readonly env: Readonly<Record<string, string>>;
  close(): Promise<void>;
}

export async function startFixtureEnvironment(name: string): Promise<FixtureEnvironment> {
  const lease = await ensureLocalBroker();
  try {
    const gateway = await startGatewayProcess({ name, brokers: lease.brokers });
    try {
      const helper = await startTestHelperServer(lease.brokers);
      return {
        gateway,
        helper,
        brokers: lease.brokers,
        env: {
          ONCEPORT_ADDRESS: gateway.address,
          ONCEPORT_BROKERS: lease.brokers.join(","),
          ONCEPORT_TEST_HELPER: helper.url,
          // Client ids derive transactional.ids: unique per run, so runs never fence each other.
          ONCEPORT_TEST_RUN_ID: `${name}-${randomBytes(4).toString("hex")}`,
        },
        close: async () => {
          await helper.close();
          await gateway.stop();
          await lease.release();
        },
      };
    } catch (error) {
      await gateway.stop();
      throw error;
    }
  } catch (error) {
    await lease.release();
    throw error;
  }
}
