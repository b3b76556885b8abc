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
import type { Logger } from "../logger.ts";
import type { SessionRegistry } from "../sessions/session-registry.ts";
import { type PublishStreamSettings, publishStreamHandler } from "./publish-stream.ts";
import { unaryHandler } from "./unary-handler.ts";

/** onceport.v1.GatewayService, on top of the session registry. */
export function gatewayService(
  registry: SessionRegistry,
  settings: { idleTimeoutMs: number; stream: PublishStreamSettings },
  logger: Logger,
): UntypedServiceImplementation {
  return {
    openSession: unaryHandler(
      OpenSessionRequestSchema,
      OpenSessionResponseSchema,
      logger,
      async (request) => {
        const session = await registry.open(request.clientId);
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
      async (request) => {
        await registry.close(request.sessionId);
        return {};
      },
    ),
    publish: unaryHandler(PublishRequestSchema, PublishResponseSchema, logger, async (request) => {
      const outcome = await registry.get(request.sessionId).publish(request.idempotencyKey, request.records);
      return { results: [...outcome.results], duplicate: outcome.duplicate };
    }),
    beginTransaction: unaryHandler(
      BeginTransactionRequestSchema,
      BeginTransactionResponseSchema,
      logger,
      async (request) => {
        const outcome = await registry.get(request.sessionId).beginTransaction(request.idempotencyKey);
        return outcome.alreadyCommitted
          ? { alreadyCommitted: true, results: [...outcome.results] }
          : { transactionId: outcome.transactionId };
      },
    ),
    send: unaryHandler(SendRequestSchema, SendResponseSchema, logger, async (request) => {
      const results = await registry.get(request.sessionId).send(request.transactionId, request.records);
      return { results };
    }),
    commitTransaction: unaryHandler(
      CommitTransactionRequestSchema,
      CommitTransactionResponseSchema,
      logger,
      async (request) => {
        const results = await registry.get(request.sessionId).commitTransaction(request.transactionId);
        return { results };
      },
    ),
    abortTransaction: unaryHandler(
      AbortTransactionRequestSchema,
      AbortTransactionResponseSchema,
      logger,
      async (request) => {
        await registry.get(request.sessionId).abortTransaction(request.transactionId);
        return {};
      },
    ),
    publishStream: publishStreamHandler(registry, settings.stream, logger),
  };
}
