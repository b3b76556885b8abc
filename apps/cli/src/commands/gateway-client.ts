import {
  type ConnectOptions,
  type ConsumerClient,
  connect,
  consumerClient,
  gatewayCredentials,
  type OnceportClient,
} from "@onceport/sdk";
import { connectFailure, isCertificateProblem } from "../connection/connect-failure.ts";
import type { ConnectionSettings } from "../connection/connection-options.ts";
import type { CliIo } from "../io.ts";

/** What every connection of a command shares: where, how secured, how long to keep trying. */
function channel(settings: ConnectionSettings): Pick<ConnectOptions, "address" | "credentials" | "retry"> {
  return {
    address: settings.address,
    ...(settings.tls === undefined ? {} : { credentials: gatewayCredentials(settings.tls) }),
    // The SDK's own bound (a minute) suits services; a person at a terminal wants the answer sooner.
    retry: { maxElapsedMs: settings.connectTimeoutMs },
  };
}

/**
 * A client for one command, its session open. Opening is retried quietly (a gateway that
 * is starting up answers within the connect timeout) and fails with one line saying why;
 * retries of later calls (the gateway restarting mid-command) are shown on stderr unless --json.
 */
export async function connectClient(
  settings: ConnectionSettings,
  clientId: string,
  json: boolean,
  io: CliIo,
): Promise<OnceportClient> {
  let connected = false;
  let giveUp: (error: unknown) => void = () => {};
  const givenUp = new Promise<never>((_, reject) => {
    giveUp = reject;
  });
  const connecting = connect({
    ...channel(settings),
    clientId,
    onRetry: (event) => {
      // A certificate that is not trusted now will not be trusted on the next attempt.
      if (!connected && isCertificateProblem(event.error)) giveUp(event.error);
      if (json || !connected) return;
      io.stderr.write(
        `onceport: ${event.operation} ${event.error.reason} (${event.error.message}); retrying in ${Math.round(event.delayMs)} ms${event.reopen ? " with a new session" : ""}\n`,
      );
    },
  });
  // The retry bound stops new attempts, but one attempt may hang on an address that never
  // answers (packets dropped): the timer bounds that too.
  const timer = setTimeout(() => giveUp(undefined), settings.connectTimeoutMs + 1_000);
  try {
    const client = await Promise.race([connecting, givenUp]);
    connected = true;
    return client;
  } catch (error) {
    // Given up on: closed whenever it settles, so it holds nothing open.
    connecting.then(
      (client) => client.close().catch(() => {}),
      () => {},
    );
    throw connectFailure(error, settings);
  } finally {
    clearTimeout(timer);
  }
}

/** A client for Subscribe: no session, so it fences no publisher. */
export function connectConsumer(settings: ConnectionSettings): ConsumerClient {
  return consumerClient(channel(settings));
}
