// The Process scenario's fault script: a worker killed mid-batch, a zombie worker that answers
// past its lease, a paused worker whose partitions move in a rebalance; after each, the time
// until every input partition was committed again.
import { setTimeout as sleep } from "node:timers/promises";
import type { GroupWatch } from "../process/group-offsets.ts";
import type { RawWorker } from "../process/raw-worker.ts";
import type { FaultRecord } from "../report/result.ts";
import type { ScenarioContext } from "./scenario.ts";

/** How long a worker may hold a batch (the gateway's --process-lease-ms). */
export function leaseMs(quick: boolean): number {
  return quick ? 4_000 : 6_000;
}

/** What the fault script works with: the running pipeline. */
export interface Pipeline {
  readonly context: ScenarioContext;
  readonly watch: GroupWatch;
  readonly workers: RawWorker[];
  readonly faults: FaultRecord[];
  readonly figures: Record<string, number | string>;
  readonly startedAt: number;
  /** Starts a worker on a gateway (a restart, or a newcomer that causes a rebalance). */
  readonly join: (workerId: string, gateway: string) => RawWorker;
  /** Per input partition, the offset past the last input written so far. */
  readonly ends: () => Map<number, number>;
}

async function waitForShare(pipeline: Pipeline, fraction: number): Promise<void> {
  const { settings } = pipeline.context;
  await pipeline.watch.waitForTotal(Math.floor(settings.records * fraction), settings.loadMs * 3);
}

/** Records a fault and how long until every input partition was committed again after `since`. */
async function recovered(
  pipeline: Pipeline,
  what: string,
  at: number,
  before: Map<number, number>,
  since = at,
): Promise<void> {
  const bound = pipeline.context.settings.livenessBoundMs;
  const ms = await pipeline.watch.allAdvanced(before, pipeline.ends, since, bound);
  // The share done when the fault began: what the group had committed then.
  const done = pipeline.watch.processed(before);
  const progress = done / pipeline.context.settings.records;
  pipeline.faults.push({ atMs: at - pipeline.startedAt, progress, what, recoveryMs: ms });
  pipeline.context.log(
    `${what}: ${ms === undefined ? `not recovered within ${bound} ms` : `recovered in ${ms} ms`}`,
  );
}

export async function processFaults(pipeline: Pipeline): Promise<void> {
  const { settings } = pipeline.context;
  const lease = leaseMs(settings.quick);

  await waitForShare(pipeline, 0.2);
  const crashed = pipeline.workers[0];
  if (!crashed) throw new Error("no worker");
  const beforeKill = await pipeline.watch.committed();
  const killAt = Date.now();
  crashed.killMidBatch();
  while (crashed.held.size === 0 && Date.now() - killAt < 10_000) await sleep(10);
  pipeline.workers.push(pipeline.join(crashed.options.workerId, "B"));
  await recovered(
    pipeline,
    `worker ${crashed.options.workerId} killed mid-batch, restarted on B`,
    killAt,
    beforeKill,
  );

  await waitForShare(pipeline, 0.45);
  const zombie = pipeline.workers[1];
  if (!zombie) throw new Error("no worker");
  const beforeHold = await pipeline.watch.committed();
  const holdAt = Date.now();
  zombie.holding = true;
  await sleep(lease + 2_000);
  pipeline.figures["zombie worker: its stream ended with"] = zombie.ended ?? "(still open)";
  zombie.release(); // too late: the gateway dropped it
  pipeline.workers.push(pipeline.join(zombie.options.workerId, "A"));
  await recovered(
    pipeline,
    `worker ${zombie.options.workerId} held its batches for ${(lease + 2_000) / 1000} s (lease ${lease / 1000} s), then answered late and joined again`,
    holdAt,
    beforeHold,
  );

  if (settings.quick) return;
  await waitForShare(pipeline, 0.7);
  const paused = pipeline.workers[2];
  if (!paused) throw new Error("no worker");
  const beforePause = await pipeline.watch.committed();
  const pauseAt = Date.now();
  paused.holding = true;
  await sleep(500);
  pipeline.workers.push(pipeline.join(`${paused.options.workerId}-newcomer`, "B"));
  await sleep(lease / 2);
  const rejectedBefore = paused.rejections.length;
  paused.release();
  await sleep(1_000);
  pipeline.figures["paused worker: late answers refused"] = paused.rejections
    .slice(rejectedBefore)
    .join(", ");
  await recovered(
    pipeline,
    `worker ${paused.options.workerId} paused with batches in hand while a new worker joined (rebalance)`,
    pauseAt,
    beforePause,
  );
}
