import type { Server } from "@grpc/grpc-js";
import { grpcServiceDefinition, ProcessService } from "@onceport/api";
import type { ConsumerEnvironment } from "./process-environment.ts";
import { processHandler } from "./process-stream.ts";
import { StreamRegistry } from "./stream-registry.ts";
import type { WorkerSession } from "./worker-session.ts";

/** Serves onceport.v1.ProcessService; `drain` ends every worker's stream when the gateway stops. */
export function addProcessService(server: Server, env: ConsumerEnvironment): { drain(): Promise<void> } {
  const workers = new StreamRegistry<WorkerSession>("workers", env.process.workers);
  server.addService(grpcServiceDefinition(ProcessService, "raw"), {
    process: processHandler(env, workers),
  });
  return { drain: () => workers.drainAll(env.process.rebalanceGraceMs) };
}
