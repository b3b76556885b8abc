// librdkafka retries a refused SASL handshake as it would a lost connection: the call that
// needed the broker then fails with a transport error or a time-out, and only the client's
// error events said why. Each client remembers the last such refusal, so that the failure it
// caused is reported as `authorization` (not retriable) instead of `unavailable`.
import { isAuthenticationFailure } from "./librdkafka-errors.ts";

/** A refusal older than this is not taken as the reason a call failed. */
const relevanceMs = 60_000;

export class AuthenticationWatch {
  private last: { readonly error: unknown; readonly at: number } | undefined;

  /** The listener for the client's `event.error`. */
  readonly onClientError = (error: unknown): void => {
    if (isAuthenticationFailure(error)) this.last = { error, at: Date.now() };
  };

  /** The client error event of a recent refusal, if there was one. */
  refusal(): unknown {
    return this.last !== undefined && Date.now() - this.last.at < relevanceMs ? this.last.error : undefined;
  }
}
