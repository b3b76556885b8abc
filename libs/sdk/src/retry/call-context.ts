import type { RpcContext } from "../transport/rpc.ts";
import type { RecoveryContext } from "./with-recovery.ts";

/**
 * What every call of a client needs: one attempt's transport, and the recovery that retries
 * it. Here rather than beside `rpc`, so that the transport knows nothing of retries.
 */
export interface CallContext extends RpcContext {
  readonly recovery: RecoveryContext;
}
