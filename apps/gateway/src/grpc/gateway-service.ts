import type { UntypedServiceImplementation } from "@grpc/grpc-js";
import {
  AbortTransactionRequestSchema,
  AbortTransactionResponseSchema,
  BeginTransactionRequestSchema,
  BeginTransactionResponseSchema,
  CloseSessionRequestSchema,
  CloseSessionResponseSchema,
  CommitTransactionRequestSchema,
  CommitTransactionResponseSchema,
  OpenSessionRequestSchema,
  OpenSessionResponseSchema,
  PublishRequestSchema,
  PublishResponseSchema,
  SendRequestSchema,
  SendResponseSchema,
} from "@onceport/api";
import type { SessionGuard } from "../auth/index.ts";
import type { Logger } from "../logger.ts";
import type { SessionRegistry } from "../sessions/session-registry.ts";
import { type PublishStreamSettings, publishStreamHandler } from "./publish-stream.ts";
import { unaryHandler } from "./unary-handler.ts";

/**
 * onceport.v1.GatewayService, on top of the session registry. The guard binds
 * each session to the principal that opened it and checks the policy first.
 */
export function gatewayService(
  registry: SessionRegistry,
  settings: { idleTimeoutMs: number; stream: PublishStreamSettings },
  logger: Logger,
  guard: SessionGuard,
): UntypedServiceImplementation {
  return {
    openSession: unaryHandler(
      OpenSessionRequestSchema,
      OpenSessionResponseSchema,
      logger,
      async (request, call) => {
        const session = await guard.open(call, request.clientId, () => registry.open(request.clientId));
        return {
          sessionId: session.id,
          transactionalId: session.transactionalId,
          idleTimeoutMs: BigInt(settings.idleTimeoutMs),
        };
      },
    ),
    closeSession: unaryHandler(
      CloseSessionRequestSchema,
      CloseSessionResponseSchema,
      logger,
      async (request, call) => {
        guard.session(call, registry.get(request.sessionId));
        await registry.close(request.sessionId);
        return {};
      },
    ),
    publish: unaryHandler(PublishRequestSchema, PublishResponseSchema, logger, async (request, call) => {
      const session = guard.session(call, registry.get(request.sessionId), request.records);
      const outcome = await session.publish(request.idempotencyKey, request.records);
      return { results: [...outcome.results], duplicate: outcome.duplicate };
    }),
    beginTransaction: unaryHandler(
      BeginTransactionRequestSchema,
      BeginTransactionResponseSchema,
      logger,
      async (request, call) => {
        const session = guard.session(call, registry.get(request.sessionId));
        const outcome = await guard.beginTransaction(session, () =>
          session.beginTransaction(request.idempotencyKey),
        );
        return outcome.alreadyCommitted
          ? { alreadyCommitted: true, results: [...outcome.results] }
          : { transactionId: outcome.transactionId };
      },
    ),
    send: unaryHandler(SendRequestSchema, SendResponseSchema, logger, async (request, call) => {
      const session = guard.session(call, registry.get(request.sessionId), request.records);
      const results = await session.send(request.transactionId, request.records);
      return { results };
    }),
    commitTransaction: unaryHandler(
      CommitTransactionRequestSchema,
      CommitTransactionResponseSchema,
      logger,
      async (request, call) => {
        const session = guard.session(call, registry.get(request.sessionId));
        const results = await session.commitTransaction(request.transactionId);
        return { results };
      },
    ),
    abortTransaction: unaryHandler(
      AbortTransactionRequestSchema,
      AbortTransactionResponseSchema,
      logger,
      async (request, call) => {
        await guard.session(call, registry.get(request.sessionId)).abortTransaction(request.transactionId);
        return {};
      },
    ),
    publishStream: publishStreamHandler(registry, settings.stream, logger, guard),
  };
}
