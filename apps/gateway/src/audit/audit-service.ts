import { create } from "@bufbuild/protobuf";
import type { handleServerStreamingCall, Server, ServerWritableStream } from "@grpc/grpc-js";
import {
  AuditService,
  grpcServiceDefinition,
  RunAuditRequestSchema,
  type RunAuditResponse,
  RunAuditResponseSchema,
} from "@onceport/api";
import { type AuditProgress, formatText, runAudit } from "@onceport/audit";
import { OnceportError, toGrpcStatus } from "@onceport/errors";
import { type AccessControl, principalOf } from "../auth/index.ts";
import { FairShares } from "../limits/fair-shares.ts";
import type { Logger } from "../logger.ts";
import { decodeRequest } from "../rpc/decode-request.ts";
import { asReportedError } from "../rpc/reported-error.ts";
import { ledgerFromText } from "./ledger-from-text.ts";

export interface AuditServiceEnvironment {
  readonly brokers: readonly string[];
  readonly access: AccessControl;
  readonly logger: Logger;
  /** Audits read whole topics: a few at a time on the gateway, fewer for one principal. */
  readonly audits: { readonly total: number; readonly perPrincipal: number };
}

type AuditCall = ServerWritableStream<Buffer, RunAuditResponse>;

/** How often progress is reported while a phase runs. */
const progressIntervalMs = 500;

/** Serves onceport.v1.AuditService: the audit library's checks, run by the gateway for a caller. */
export function addAuditService(server: Server, env: AuditServiceEnvironment): void {
  const slots = new FairShares("audits", env.audits, "AUDIT_LIMIT_REACHED");
  const handler: handleServerStreamingCall<Buffer, RunAuditResponse> = (call) => {
    let release: () => void;
    try {
      release = slots.take(principalOf(call).name);
    } catch (error) {
      call.emit("error", toGrpcStatus(OnceportError.from(error)));
      return;
    }
    audit(call, env)
      .catch((error: unknown) => {
        if (!call.cancelled)
          call.emit("error", toGrpcStatus(asReportedError(error, call.getPath(), env.logger)));
      })
      .finally(release);
  };
  server.addService(grpcServiceDefinition(AuditService, "raw"), { runAudit: handler });
}

async function audit(call: AuditCall, env: AuditServiceEnvironment): Promise<void> {
  const request = decodeRequest(RunAuditRequestSchema, call.request);
  if (request.topics.length === 0)
    throw new OnceportError("INVALID_ARGUMENT", "an audit needs at least one topic");
  env.access.read(principalOf(call), request.topics);
  const ledger = ledgerFromText(request.ledgerJsonl, request.topics);
  let lastProgressAt = 0;
  const onProgress = (progress: AuditProgress): void => {
    const now = Date.now();
    if (!progress.done && now - lastProgressAt < progressIntervalMs) return;
    lastProgressAt = now;
    call.write(
      create(RunAuditResponseSchema, {
        kind: {
          case: "progress",
          value: {
            phase: progress.phase,
            records: BigInt(progress.records),
            offsets: BigInt(progress.offsets),
          },
        },
      }),
    );
  };
  // A caller that goes away frees its slot now, not when the audit would have finished.
  const cancelled = new AbortController();
  call.on("cancelled", () => cancelled.abort(new Error("the caller cancelled the audit")));
  const report = await runAudit({
    signal: cancelled.signal,
    brokers: env.brokers,
    topics: request.topics,
    ...(ledger === undefined ? {} : { ledger }),
    ...(request.lsoGraceMs > 0n ? { lsoGraceMs: Number(request.lsoGraceMs) } : {}),
    onProgress,
  });
  const anomalies = Object.values(report.checks).reduce((sum, check) => sum + check.count, 0);
  call.write(
    create(RunAuditResponseSchema, {
      kind: {
        case: "report",
        value: {
          verdict: report.verdict,
          anomalies: BigInt(anomalies),
          json: JSON.stringify(report),
          text: formatText(report),
        },
      },
    }),
  );
  call.end();
}
