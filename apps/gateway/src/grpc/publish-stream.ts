import { create } from "@bufbuild/protobuf";
import type { handleBidiStreamingCall, ServerDuplexStream } from "@grpc/grpc-js";
import {
  type PublishStreamPublish,
  PublishStreamRequestSchema,
  type PublishStreamResponse,
  PublishStreamResponseSchema,
} from "@onceport/api";
import { OnceportError, toGrpcStatus } from "@onceport/errors";
import type { SessionGuard } from "../auth/index.ts";
import type { Logger } from "../logger.ts";
import { checkIdempotencyKey } from "../publish/record-plan.ts";
import { publishFingerprint } from "../publish/request-fingerprint.ts";
import { checkReceiptRoom, receiptEntryBytes } from "../receipts/receipt-size.ts";
import { decodeRequest } from "../rpc/decode-request.ts";
import { asReportedError } from "../rpc/reported-error.ts";
import type { PlannedPublish, Session } from "../sessions/session.ts";
import type { SessionRegistry } from "../sessions/session-registry.ts";
import { type StreamTrace, traceStream } from "../telemetry/publish-trace.ts";

export interface PublishStreamSettings {
  /** How long publishes gather before their transaction commits. */
  readonly commitIntervalMs: number;
  /** Most records in one transaction. */
  readonly maxBatchRecords: number;
  /** Records received and not yet acknowledged, beyond which the stream stops reading. */
  readonly windowRecords: number;
  /** Most bytes of receipt entries in one transaction: its receipt is one Kafka record. */
  readonly maxReceiptBytes: number;
}

type Call = ServerDuplexStream<Buffer, PublishStreamResponse>;

/** One publish in arrival order: planned for the next transaction, or refused already. */
type Slot =
  | { readonly planned: PlannedPublish }
  | { readonly refused: PublishStreamResponse; readonly weight: number };

export function publishStreamHandler(
  registry: SessionRegistry,
  settings: PublishStreamSettings,
  logger: Logger,
  guard: SessionGuard,
): handleBidiStreamingCall<Buffer, PublishStreamResponse> {
  return (call) => {
    new PublishStream(call, registry, settings, logger, guard).start();
  };
}

/**
 * A publish stream: publishes are checked as they arrive, gathered for the
 * commit interval (or up to the batch size), written in one transaction with
 * one receipt, and acknowledged in arrival order once it committed. Memory is
 * bounded: past the window of unanswered records (a refused publish counts as
 * its records, at least one) the stream stops reading, so HTTP/2 flow control
 * slows the client down; so it does while answers wait for a client that does
 * not read them.
 */
class PublishStream {
  private session: Session | undefined;
  private batch: Slot[] = [];
  private batchRecords = 0;
  private batchReceiptBytes = 0;
  /** Records of publishes received and not yet answered (a refused one counts at least one). */
  private unacknowledgedRecords = 0;
  private paused = false;
  /** The client does not take its answers: grpc-js buffers them until it does (write() said so). */
  private answersBlocked = false;
  private flushTimer: NodeJS.Timeout | undefined;
  /** Incoming messages are handled one at a time, so acknowledgements keep arrival order. */
  private intake: Promise<void> = Promise.resolve();
  /** Transactions commit one after another. */
  private commits: Promise<void> = Promise.resolve();
  private failed = false;

  private readonly call: Call;
  private readonly registry: SessionRegistry;
  private readonly settings: PublishStreamSettings;
  private readonly logger: Logger;
  /** A span per publish message, from its own traceparent (or the stream's metadata). */
  private readonly trace: StreamTrace;

  /** Only the principal that opened the session may bind it, and publish to granted topics only. */
  private readonly guard: SessionGuard;

  constructor(
    call: Call,
    registry: SessionRegistry,
    settings: PublishStreamSettings,
    logger: Logger,
    guard: SessionGuard,
  ) {
    this.guard = guard;
    this.call = call;
    this.registry = registry;
    this.settings = settings;
    this.logger = logger;
    this.trace = traceStream(call.metadata);
  }

  start(): void {
    this.call.on("data", (bytes: Buffer) => {
      this.intake = this.intake.then(() => this.receive(bytes)).catch((error: unknown) => this.fail(error));
    });
    this.call.on("end", () => {
      this.intake = this.intake
        .then(async () => {
          this.flush();
          await this.commits;
          if (!this.failed) this.call.end();
        })
        .catch((error: unknown) => this.fail(error));
    });
    this.call.on("cancelled", () => this.release());
    this.call.on("error", () => this.release());
  }

  private async receive(bytes: Buffer): Promise<void> {
    if (this.failed) return;
    const request = decodeRequest(PublishStreamRequestSchema, bytes);
    switch (request.kind.case) {
      case "open":
        this.bind(request.kind.value.sessionId);
        return;
      case "publish":
        await this.accept(request.kind.value);
        return;
      default:
        throw new OnceportError("MALFORMED_REQUEST", "a publish stream message must be `open` or `publish`");
    }
  }

  private bind(sessionId: string): void {
    if (this.session)
      throw new OnceportError("INVALID_ARGUMENT", "this stream is already bound to a session");
    const session = this.guard.session(this.call, this.registry.get(sessionId));
    session.activeStreams++;
    this.session = session;
  }

  private async accept(publish: PublishStreamPublish): Promise<void> {
    const session = this.session;
    if (!session)
      throw new OnceportError("STREAM_NOT_OPEN", "send `open` with a session id before publishing");
    session.assertOpen();
    const trace = this.trace.publish(publish);
    let slot: Slot;
    try {
      this.guard.session(this.call, session, publish.records);
      checkIdempotencyKey(publish.idempotencyKey);
      const records = await session.plan(publish.records, publish.idempotencyKey, 0);
      const receiptBytes = receiptEntryBytes(publish.idempotencyKey, records);
      checkReceiptRoom(receiptBytes, this.settings.maxReceiptBytes, "the publish");
      // The batch's receipt must stay one record Kafka takes: commit what came before first.
      if (this.batchReceiptBytes + receiptBytes > this.settings.maxReceiptBytes) this.flush();
      const fingerprint = publishFingerprint(publish.records);
      slot = { planned: { idempotencyKey: publish.idempotencyKey, fingerprint, records, trace } };
      this.batchRecords += records.length;
      this.batchReceiptBytes += receiptBytes;
      this.unacknowledgedRecords += records.length;
    } catch (error) {
      // Bad input refuses this publish only; the stream and its session go on.
      const refusal = OnceportError.from(error);
      trace.refused(refusal);
      if (refusal.reason === "INTERNAL") throw error;
      slot = {
        refused: create(PublishStreamResponseSchema, {
          idempotencyKey: publish.idempotencyKey,
          error: { code: refusal.code, reason: refusal.reason, message: refusal.message },
        }),
        weight: Math.max(1, publish.records.length),
      };
      // A refused publish is answered with the batch it arrived in: until then it holds memory.
      this.unacknowledgedRecords += slot.weight;
    }
    this.batch.push(slot);
    this.pauseIfFull();
    if (this.batchRecords >= this.settings.maxBatchRecords) this.flush();
    else this.flushTimer ??= setTimeout(() => this.flush(), this.settings.commitIntervalMs);
  }

  /** Hands the gathered publishes to the next transaction. */
  private flush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.batch.length === 0) return;
    const slots = this.batch;
    this.batch = [];
    this.batchRecords = 0;
    this.batchReceiptBytes = 0;
    this.commits = this.commits.then(() => this.commit(slots)).catch((error: unknown) => this.fail(error));
  }

  private async commit(slots: Slot[]): Promise<void> {
    const session = this.session;
    if (this.failed || !session) return;
    const planned = slots.flatMap((slot) => ("planned" in slot ? [slot.planned] : []));
    const outcomes = planned.length > 0 ? await session.publishBatch(planned) : [];
    let next = 0;
    for (const slot of slots) {
      if ("refused" in slot) {
        this.answer(slot.refused);
        this.unacknowledgedRecords -= slot.weight;
        continue;
      }
      const outcome = outcomes[next++];
      if (outcome && "refused" in outcome) {
        const { code, reason, message } = outcome.refused;
        this.answer(
          create(PublishStreamResponseSchema, {
            idempotencyKey: slot.planned.idempotencyKey,
            error: { code, reason, message },
          }),
        );
      } else {
        this.answer(
          create(PublishStreamResponseSchema, {
            idempotencyKey: slot.planned.idempotencyKey,
            results: outcome ? [...outcome.results] : [],
            duplicate: outcome?.duplicate ?? false,
          }),
        );
      }
      this.unacknowledgedRecords -= slot.planned.records.length;
    }
    this.resumeIfRoom();
  }

  /** Writes an answer; when the client is not taking them, reading stops until it drains. */
  private answer(response: PublishStreamResponse): void {
    if (this.call.write(response) || this.answersBlocked) return;
    this.answersBlocked = true;
    this.pauseIfFull();
    this.call.once("drain", () => {
      this.answersBlocked = false;
      this.resumeIfRoom();
    });
  }

  private pauseIfFull(): void {
    const full = this.unacknowledgedRecords >= this.settings.windowRecords || this.answersBlocked;
    if (full && !this.paused) {
      this.paused = true;
      this.call.pause();
    }
  }

  private resumeIfRoom(): void {
    if (this.paused && !this.answersBlocked && this.unacknowledgedRecords < this.settings.windowRecords) {
      this.paused = false;
      this.call.resume();
    }
  }

  /** Ends the stream with the error's status; unacknowledged publishes are retried by the client. */
  private fail(error: unknown): void {
    if (this.failed) return;
    this.failed = true;
    clearTimeout(this.flushTimer);
    const status = toGrpcStatus(asReportedError(error, this.call.getPath(), this.logger));
    this.call.emit("error", status);
    this.release();
  }

  private release(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.session) {
      this.session.activeStreams--;
      this.session.lastUsedAt = Date.now();
      this.session = undefined;
    }
  }
}
