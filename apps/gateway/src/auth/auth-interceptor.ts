import {
  type Metadata,
  ServerInterceptingCall,
  type ServerInterceptingCallInterface,
  type ServerInterceptor,
} from "@grpc/grpc-js";
import { OnceportError, toGrpcStatus } from "@onceport/errors";
import type { Logger } from "../logger.ts";
import type { Authenticator } from "./authenticator.ts";
import { oversizedMetadata } from "./metadata-bounds.ts";
import { attachPrincipal, stripPrincipal } from "./principal.ts";
import type { RateLimiter } from "./rate-limiter.ts";

/** Health is for load balancers and orchestrators, which carry no credentials. */
const unauthenticatedPrefix = "/grpc.health.v1.Health/";

/**
 * The one place every call is authenticated, before its handler runs or a
 * message is read: oversized metadata is refused first (metadata-bounds.ts),
 * the principal is set on the call's metadata (whatever the client sent under
 * that name is dropped first), the principal's request rate is charged (a
 * stream once, when it starts), and the `authorization` header is removed, so
 * no handler, log or trace downstream ever sees a token.
 */
export function authInterceptor(
  authenticator: Authenticator,
  limiter: RateLimiter,
  logger: Logger,
  maxUnauthenticatedCalls: number,
): ServerInterceptor {
  // Calls anyone may make without credentials (health checks and watches) are bounded as a
  // whole: nothing else stops a stranger from holding thousands of Watch streams open.
  let unauthenticated = 0;
  return (method, call) => {
    let counted = false;
    const uncount = () => {
      if (!counted) return;
      counted = false;
      unauthenticated--;
    };
    return new ServerInterceptingCall(call, {
      start: (next) => {
        next({
          onReceiveMetadata: (metadata, accept) => {
            const oversized = oversizedMetadata(metadata);
            if (oversized) {
              refuse(call, oversized, method.path, logger);
              return;
            }
            stripPrincipal(metadata);
            if (method.path.startsWith(unauthenticatedPrefix)) {
              metadata.remove("authorization");
              if (unauthenticated >= maxUnauthenticatedCalls) {
                const busy = new OnceportError(
                  "SESSION_LIMIT_REACHED",
                  `this gateway holds its limit of ${maxUnauthenticatedCalls} calls without credentials (health checks)`,
                );
                refuse(call, busy, method.path, logger);
                return;
              }
              unauthenticated++;
              counted = true;
              accept(metadata);
              return;
            }
            admit(metadata, call, authenticator, limiter).then(
              () => accept(metadata),
              (error: unknown) => refuse(call, error, method.path, logger),
            );
          },
          onCancel: uncount,
        });
      },
      sendStatus: (status, next) => {
        uncount();
        next(status);
      },
    });
  };
}

async function admit(
  metadata: Metadata,
  call: ServerInterceptingCallInterface,
  authenticator: Authenticator,
  limiter: RateLimiter,
): Promise<void> {
  try {
    const principal = await authenticator.authenticate(metadata, call.getAuthContext());
    limiter.take(principal.name);
    attachPrincipal(metadata, principal);
  } finally {
    metadata.remove("authorization");
  }
}

function refuse(call: ServerInterceptingCallInterface, error: unknown, path: string, logger: Logger): void {
  const refusal = OnceportError.from(error);
  if (refusal.reason === "INTERNAL") logger.error({ err: error, path }, "authentication failed unexpectedly");
  else logger.debug({ path, reason: refusal.reason, peer: call.getPeer() }, refusal.message);
  call.sendStatus({ code: refusal.code, details: refusal.message, ...toGrpcStatus(refusal) });
}
