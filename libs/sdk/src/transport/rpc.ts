import { inRpcSpan, traceMetadata } from "../tracing/client-span.ts";
import type { GatewayTransport, UnaryInput, UnaryMethod, UnaryOutput } from "./gateway-transport.ts";

/** What one attempt of a call needs from its client. */
export interface RpcContext {
  readonly transport: GatewayTransport;
  readonly callTimeoutMs: number;
  readonly clientId: string;
}

/** Method names as the gateway's proto spells them, for span names. */
const rpcNames: Record<UnaryMethod, string> = {
  openSession: "OpenSession",
  closeSession: "CloseSession",
  publish: "Publish",
  beginTransaction: "BeginTransaction",
  send: "Send",
  commitTransaction: "CommitTransaction",
  abortTransaction: "AbortTransaction",
};

/** One attempt of a unary call, in its own CLIENT span, with trace context in its metadata. */
export function rpc<M extends UnaryMethod>(
  context: RpcContext,
  method: M,
  request: UnaryInput<M>,
  attributes: Record<string, string | number | boolean> = {},
): Promise<UnaryOutput<M>> {
  return inRpcSpan(rpcNames[method], { "onceport.client_id": context.clientId, ...attributes }, () =>
    context.transport.unary(method, request, {
      metadata: traceMetadata(),
      timeoutMs: context.callTimeoutMs,
    }),
  );
}
