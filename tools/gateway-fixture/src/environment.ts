// One running environment for SDK tests: the shared local broker (leased, so the last user
// stops it if the harness started it), a gateway process of its own, and the test helper.
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { ensureLocalBroker } from "@onceport/kafka-dev";
import { type GatewayProcess, launchGateway } from "./launcher/index.ts";
import { FIXTURE_CACHE } from "./paths.ts";
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
    const gateway = await startFixtureGateway(name, lease.brokers);
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

/**
 * The gateway on a free port with a transactional.id prefix of its own, so that several
 * fixtures (Nx runs up to three test targets at once) share the broker without sharing
 * producers; its log goes to .cache/gateway-fixture/logs.
 */
async function startFixtureGateway(name: string, brokers: readonly string[]): Promise<GatewayProcess> {
  const prefix = `${name}-${randomBytes(4).toString("hex")}-`;
  mkdirSync(join(FIXTURE_CACHE, "logs"), { recursive: true });
  return await launchGateway({
    flags: { brokers: brokers.join(","), "transactional-id-prefix": prefix, "shutdown-grace-ms": "2000" },
    logFile: join(FIXTURE_CACHE, "logs", `${prefix}gateway.log`),
  });
}
