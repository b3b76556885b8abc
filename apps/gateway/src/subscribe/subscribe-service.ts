import type { handleServerStreamingCall, Server } from "@grpc/grpc-js";
import {
  grpcServiceDefinition,
  SubscribeRequestSchema,
  type SubscribeResponse,
  SubscribeService,
} from "@onceport/api";
import { OnceportError, toGrpcStatus } from "@onceport/errors";
import { principalOf } from "../auth/index.ts";
import { checkInputTopics } from "../process/input-topics.ts";
import type { ConsumerEnvironment } from "../process/process-environment.ts";
import { StreamRegistry } from "../process/stream-registry.ts";
import { decodeRequest } from "../rpc/decode-request.ts";
import { asReportedError } from "../rpc/reported-error.ts";
import { decodePosition } from "./position-token.ts";
import { type SubscribeCall, Subscription } from "./subscription.ts";

/** Serves onceport.v1.SubscribeService; `drain` ends every subscription when the gateway stops. */
export function addSubscribeService(server: Server, env: ConsumerEnvironment): { drain(): Promise<void> } {
  const subscriptions = new StreamRegistry<Subscription>("subscriptions", env.process.subscriptions);
  server.addService(grpcServiceDefinition(SubscribeService, "raw"), {
    subscribe: subscribeHandler(env, subscriptions),
  });
  return { drain: () => subscriptions.drainAll(0) };
}

function subscribeHandler(
  env: ConsumerEnvironment,
  registry: StreamRegistry<Subscription>,
): handleServerStreamingCall<Buffer, SubscribeResponse> {
  return (call) => {
    subscribe(call, env, registry).catch((error: unknown) => {
      if (!call.cancelled)
        call.emit("error", toGrpcStatus(asReportedError(error, call.getPath(), env.logger)));
    });
  };
}

async function subscribe(
  call: SubscribeCall,
  env: ConsumerEnvironment,
  registry: StreamRegistry<Subscription>,
): Promise<void> {
  const request = decodeRequest(SubscribeRequestSchema, call.request);
  const principal = principalOf(call);
  env.access.read(principal, request.topics);
  const topics = await checkInputTopics(request.topics, env.catalog, env.limits);
  const positions = request.position === "" ? [] : decodePosition(request.position);
  for (const position of positions) {
    if (!topics.includes(position.topic)) {
      throw new OnceportError(
        "INVALID_ARGUMENT",
        `the position is of topic ${position.topic}, which this subscription does not read`,
      );
    }
  }
  if (call.cancelled) return;
  const subscription = registry.admit(
    principal.name,
    () => new Subscription(call, { topics, positions, startAtLatest: request.startAtLatest }, env),
  );
  const gone = () => {
    subscription.close().catch(() => {});
  };
  call.on("cancelled", gone);
  call.on("error", gone);
  try {
    await subscription.start();
  } catch (error) {
    await subscription.close(OnceportError.from(error));
  }
}
