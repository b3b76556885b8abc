import { connect, type OnceportClient } from "@onceport/sdk";
import type { CliIo } from "../io.ts";
import { clientId, gatewayAddress } from "../options.ts";

/**
 * A client for one command: retries are shown on stderr (unless --json), and
 * bounded so that a gateway that is not running fails the command in seconds.
 */
export function connectClient(
  flags: { address?: string | undefined; "client-id"?: string | undefined; json?: boolean | undefined },
  io: CliIo,
): Promise<OnceportClient> {
  return connect({
    address: gatewayAddress(flags.address, io),
    clientId: clientId(flags["client-id"], io),
    retry: { maxElapsedMs: 15_000 },
    onRetry: (event) => {
      if (flags.json) return;
      io.stderr.write(
        `onceport: ${event.operation} ${event.error.reason} (${event.error.message}); retrying in ${Math.round(event.delayMs)} ms${event.reopen ? " with a new session" : ""}\n`,
      );
    },
  });
}
