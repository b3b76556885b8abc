import type { ProcessJoin } from "@onceport/api";
import { OnceportError } from "@onceport/errors";
import type { TopicCatalog } from "../kafka/topic-catalog.ts";
import type { PublishLimits } from "../publish/record-plan.ts";
import { checkInputTopics } from "./input-topics.ts";
import type { ProcessSettings } from "./process-environment.ts";

const namePattern = /^[A-Za-z0-9._-]{1,200}$/;

/** A checked join, with the gateway's limits applied. */
export interface JoinSpec {
  readonly group: string;
  readonly topics: readonly string[];
  readonly workerId: string;
  readonly maxBatchRecords: number;
  readonly maxInFlightBatches: number;
  readonly startAtLatest: boolean;
}

export async function checkJoin(
  join: ProcessJoin,
  settings: ProcessSettings,
  catalog: TopicCatalog,
  limits: PublishLimits,
): Promise<JoinSpec> {
  if (!namePattern.test(join.group)) {
    throw new OnceportError(
      "INVALID_ARGUMENT",
      "a group is 1 to 200 characters of letters, digits, '.', '_' and '-'",
    );
  }
  if (!namePattern.test(join.workerId)) {
    throw new OnceportError(
      "INVALID_CLIENT_ID",
      "a worker id is 1 to 200 characters of letters, digits, '.', '_' and '-'",
    );
  }
  if (join.maxBatchRecords < 0 || join.maxInFlightBatches < 0) {
    throw new OnceportError("INVALID_ARGUMENT", "batch limits cannot be negative");
  }
  const topics = await checkInputTopics(join.topics, catalog, limits);
  return {
    group: join.group,
    topics,
    workerId: join.workerId,
    maxBatchRecords:
      join.maxBatchRecords === 0
        ? settings.maxBatchRecords
        : Math.min(join.maxBatchRecords, settings.maxBatchRecords),
    maxInFlightBatches: Math.min(Math.max(join.maxInFlightBatches, 1), settings.maxInFlightBatches),
    startAtLatest: join.startAtLatest,
  };
}
