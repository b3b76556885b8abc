import { Server } from "@grpc/grpc-js";
import {
  AuditService,
  file_google_rpc_error_details,
  GatewayService,
  grpcServiceDefinition,
  ProcessService,
  SubscribeService,
} from "@onceport/api";
import type { KafkaAdmin } from "@onceport/kafka";
import { addAuditService } from "./audit/audit-service.ts";
import { createGatewaySecurity, kafkaClientSecurity } from "./auth/index.ts";
import { shares } from "./auth/principal-share.ts";
import type { GatewayComposition } from "./composition.ts";
import type { GatewayConfig } from "./config.ts";
import { gatewayService } from "./grpc/gateway-service.ts";
import { KafkaHealth } from "./grpc/kafka-health.ts";
import { addReflection } from "./grpc/reflection.ts";
import { startHttpProbes } from "./health/http-probes.ts";
import { createKafkaLayerClient } from "./kafka/kafka-client.ts";
import { kafkaFailure } from "./kafka/kafka-errors.ts";
import { TopicCatalog } from "./kafka/topic-catalog.ts";
import type { Logger } from "./logger.ts";
import { consumerEnvironment } from "./process/process-environment.ts";
import { addProcessService } from "./process/process-service.ts";
import { publishLimits } from "./publish/publish-limits.ts";
import { KafkaReceiptStore } from "./receipts/kafka-receipt-store.ts";
import { maxReceiptEntriesBytes } from "./receipts/receipt-size.ts";
import { ensureReceiptsTopic } from "./receipts/receipts-topic.ts";
import { SessionRegistry } from "./sessions/session-registry.ts";
import { addSubscribeService } from "./subscribe/subscribe-service.ts";
import { gatewayMetrics } from "./telemetry/gateway-metrics.ts";
import { presentStreamsAtZero, rpcMetricsInterceptor } from "./telemetry/rpc-metrics.ts";

export interface RunningGateway {
  /** host:port the gateway listens on (the real port when 0 was asked). */
  readonly address: string;
  /** host:port of the HTTP /healthz and /readyz; undefined: the config asked for none. */
  readonly probesAddress: string | undefined;
  readonly sessions: SessionRegistry;
  /**
   * Graceful stop: NOT_SERVING, no new calls, in-flight calls get `graceMs` to
   * finish; then open transactions are aborted and producers closed.
   */
  stop(graceMs?: number): Promise<void>;
}

/** How often keys past the idempotency window are forgotten. */
const evictionIntervalMs = 60_000;

/**
 * Starts a gateway: its HTTP probes first (alive, not ready, while it connects), then Kafka
 * clients, the receipts topic and store, and the gRPC server.
 */
export async function startGateway(
  config: GatewayConfig,
  logger: Logger,
  composition: GatewayComposition = {},
): Promise<RunningGateway> {
  // Not ready until the gRPC server listens; from then on, ready when gRPC health says SERVING.
  let ready = (): boolean => false;
  const probes = config.httpProbes && (await startHttpProbes(config.httpProbes, () => ready(), logger));
  try {
    const gateway = await startServing(config, logger, composition, (serving) => {
      ready = serving;
    });
    return {
      ...gateway,
      probesAddress: probes?.address,
      stop: async (graceMs) => {
        await gateway.stop(graceMs);
        await probes?.close();
      },
    };
  } catch (error) {
    await probes?.close();
    throw error;
  }
}

async function startServing(
  config: GatewayConfig,
  logger: Logger,
  composition: GatewayComposition,
  listening: (serving: () => boolean) => void,
): Promise<Omit<RunningGateway, "probesAddress">> {
  // Certificates, keys and the policy first: a bad file stops the start before anything connects.
  const security = createGatewaySecurity(config.security, logger);
  const clientSecurity = kafkaClientSecurity(config.security.kafka);
  const producers = await createKafkaLayerClient(config.kafkaClient, config.brokers, logger, clientSecurity);
  const readers =
    config.kafkaReaderClient === config.kafkaClient
      ? producers
      : await createKafkaLayerClient(config.kafkaReaderClient, config.brokers, logger, clientSecurity);
  let kafkaAdmin: KafkaAdmin;
  try {
    kafkaAdmin = await producers.admin();
  } catch (error) {
    throw kafkaFailure(`connecting to Kafka at ${config.brokers.join(",")}`, error);
  }
  await ensureReceiptsTopic(
    kafkaAdmin,
    {
      topic: config.receiptsTopic,
      partitions: config.receiptsPartitions,
      replicationFactor: config.receiptsReplicationFactor,
      retentionMs: config.idempotencyWindowMs,
    },
    logger,
    // One broker's own answer, at once: the wait retries, not the client.
    async (address) =>
      (await createKafkaLayerClient(config.kafkaClient, [address], logger, clientSecurity, 0)).admin(),
  );
  const catalog = new TopicCatalog(kafkaAdmin);
  const receiptSettings = {
    topic: config.receiptsTopic,
    windowMs: config.idempotencyWindowMs,
    maxBytes: config.receiptsMemoryPerClientBytes,
    maxFilters: config.receiptsFiltersPerClient,
    // A hanging transaction on the client's receipts partition holds
    // read_committed readers back until Kafka times it out.
    readTimeoutMs: config.kafkaTransactionTimeoutMs + 30_000,
  };
  const receiptParts = {
    readers,
    admin: kafkaAdmin,
    catalog,
    logger: logger.child({ component: "receipts" }),
  };
  const receipts =
    composition.receiptStore?.(receiptSettings, receiptParts) ??
    new KafkaReceiptStore(receiptSettings, receiptParts);
  const evictor = setInterval(() => receipts.evictExpired(), evictionIntervalMs);
  evictor.unref();

  const sessions = new SessionRegistry(
    {
      producers,
      receipts,
      catalog,
      limits: publishLimits(config),
      logger,
      transactionalIdPrefix: config.transactionalIdPrefix,
      kafkaTransactionTimeoutMs: config.kafkaTransactionTimeoutMs,
      transactionTimeoutMs: config.transactionTimeoutMs,
      maxQueuedPerSession: config.maxQueuedPerSession,
      afterCommit: composition.afterCommit,
    },
    { maxSessions: config.maxSessions, idleTimeoutMs: config.sessionIdleTimeoutMs },
    logger,
  );
  const unobserve = gatewayMetrics.observeGateway({
    sessions: () => sessions.size,
    openTransactions: () => sessions.openTransactions,
    receipts: () => receipts.held(),
  });
  presentStreamsAtZero();

  const server = new Server({
    // Requests above our own limit still reach the handler, which refuses them with a reason.
    "grpc.max_receive_message_length": config.maxRequestBytes * 2,
    // Streams one connection may hold open at once (HTTP/2 SETTINGS; Node's default is 2^32 - 1).
    "grpc.max_concurrent_streams": 1000,
    // Every call is authenticated (and its principal's rate charged) before its handler runs.
    // Measured first, so that calls refused by authentication are counted too.
    interceptors: [rpcMetricsInterceptor(), ...security.interceptors],
  });
  server.addService(
    grpcServiceDefinition(GatewayService, "raw"),
    gatewayService(
      sessions,
      {
        idleTimeoutMs: config.sessionIdleTimeoutMs,
        stream: {
          commitIntervalMs: config.streamCommitIntervalMs,
          maxBatchRecords: config.streamMaxBatchRecords,
          windowRecords: config.streamWindowRecords,
          maxReceiptBytes: maxReceiptEntriesBytes(config.kafkaMaxBatchBytes),
        },
      },
      logger,
      security.guard,
    ),
  );
  // Process and Subscribe: consumer groups, with producers per input partition for Process.
  const consumerEnv = consumerEnvironment(
    config,
    {
      producers,
      readers,
      kafkaAdmin,
      catalog,
      access: security.access,
    },
    logger,
  );
  const consumers = [addProcessService(server, consumerEnv), addSubscribeService(server, consumerEnv)];
  addAuditService(server, {
    brokers: config.brokers,
    access: security.access,
    logger,
    audits: shares(config.security.auth, config.maxAudits, config.maxAuditsPerPrincipal),
  });
  const health = new KafkaHealth(
    kafkaAdmin,
    [GatewayService.typeName, ProcessService.typeName, SubscribeService.typeName, AuditService.typeName],
    logger,
  );
  health.implementation.addToServer(server);
  addReflection(
    server,
    [GatewayService, ProcessService, SubscribeService, AuditService],
    [file_google_rpc_error_details],
  );
  await health.start();

  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(config.listen, security.credentials, (error, boundPort) =>
      error ? reject(error) : resolve(boundPort),
    );
  });
  const host = config.listen.slice(0, config.listen.lastIndexOf(":"));
  const address = `${host}:${port}`;
  listening(() => health.status === "SERVING");

  let stopping: Promise<void> | undefined;
  const stop = (graceMs = config.shutdownGraceMs): Promise<void> => {
    stopping ??= (async () => {
      health.stop();
      // Worker streams never end by themselves: they finish their open batches and end.
      const draining = Promise.all(consumers.map((service) => service.drain()));
      await shutdownServer(server, graceMs);
      security.close();
      await draining;
      await sessions.closeAll();
      unobserve();
      clearInterval(evictor);
      await kafkaAdmin.close();
    })();
    return stopping;
  };
  return { address, sessions, stop };
}

/** Stops accepting calls and lets in-flight ones finish, up to the grace period. */
function shutdownServer(server: Server, graceMs: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const force = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, graceMs);
    server.tryShutdown(() => {
      clearTimeout(force);
      resolve();
    });
  });
}
