import type { GatewayComposition } from "../composition.ts";
import { ConfigError } from "../config-error.ts";
import { SessionOnlyReceiptStore } from "./session-only-receipt-store.ts";

/** The test entry point's fault hooks: none is reachable from main.ts or the build. */
export interface TestHooks {
  /** SIGKILL the process right after this idempotency key committed, before it is answered. */
  readonly crashAfterCommitOfKey: string | undefined;
  /** Write and read no receipts (SessionOnlyReceiptStore): VOIDS exactly-once. */
  readonly disableReceipts: boolean;
}

export const testFlags = {
  "test-crash-after-commit-of-key": {
    env: "ONCEPORT_TEST_CRASH_AFTER_COMMIT_OF_KEY",
    help: "SIGKILL the gateway right after committing this idempotency key, before answering",
  },
  "test-disable-receipts": {
    env: "ONCEPORT_TEST_DISABLE_RECEIPTS",
    help: "true: write and read no receipts, which VOIDS exactly-once (the benchmark's baseline)",
  },
} as const;

type TestFlag = keyof typeof testFlags;

/** Takes the test flags (`--test-x value`, `--test-x=value`, or their variables) out of the command line. */
export function takeTestFlags(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): { readonly argv: string[]; readonly hooks: TestHooks } {
  const rest: string[] = [];
  const given = new Map<TestFlag, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    const match = /^--(test-[a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) {
      rest.push(arg);
      continue;
    }
    const name = match[1] ?? "";
    if (!isTestFlag(name))
      throw new ConfigError(`--${name} is not a test flag (${Object.keys(testFlags).join(", ")})`);
    const value = match[2] ?? argv[++i];
    if (value === undefined) throw new ConfigError(`--${name} needs a value`);
    given.set(name, value);
  }
  const text = (name: TestFlag): string => given.get(name) ?? env[testFlags[name].env] ?? "";
  const disable = text("test-disable-receipts");
  if (disable !== "" && disable !== "true" && disable !== "false") {
    throw new ConfigError(`--test-disable-receipts must be true or false, got "${disable}"`);
  }
  return {
    argv: rest,
    hooks: {
      crashAfterCommitOfKey: text("test-crash-after-commit-of-key") || undefined,
      disableReceipts: disable === "true",
    },
  };
}

/** The composition that installs the hooks, through the interfaces production composes with. */
export function testComposition(hooks: TestHooks): GatewayComposition {
  const { crashAfterCommitOfKey } = hooks;
  return {
    ...(hooks.disableReceipts ? { receiptStore: (settings) => new SessionOnlyReceiptStore(settings) } : {}),
    ...(crashAfterCommitOfKey === undefined
      ? {}
      : {
          afterCommit: (receipt) => {
            // Die between the commit and the answer: the client never learns the outcome.
            if (receipt.entries.some((entry) => entry.idempotencyKey === crashAfterCommitOfKey)) {
              process.kill(process.pid, "SIGKILL");
            }
          },
        }),
  };
}

/** --help's lines for the test flags. */
export function testFlagsHelp(): string {
  const rows = Object.entries(testFlags).map(
    ([name, flag]) => `  ${`--${name} VALUE`.padEnd(44)} ${flag.help}\n  ${"".padEnd(44)} ${flag.env}`,
  );
  return `\nTEST ENTRY POINT ONLY (src/testing/test-main.ts, never built):\n${rows.join("\n")}\n`;
}

function isTestFlag(name: string): name is TestFlag {
  return name in testFlags;
}
