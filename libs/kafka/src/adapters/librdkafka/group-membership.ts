// The member id and generation of a librdkafka group member. The binding (1.10.1) exposes
// neither: librdkafka's C++ KafkaConsumer has memberid() and groupMetadata(), but the addon
// uses groupMetadata() only inside Producer.sendOffsetsToTransaction (src/producer.cc) and binds
// no getter (src/kafka-consumer.cc). librdkafka does log both with debug "cgrp", in the line
// it writes for every JoinGroup response (rdkafka_cgrp.c, facility JOINGROUP) and whenever the
// member id changes (facility MEMBERID): they are read from there. The JoinGroup response comes
// before the SyncGroup that carries the assignment, so its line reaches the event loop before
// the rebalance callback of that assignment.

/** The debug context that makes librdkafka log the lines read here. */
export const membershipDebugContexts = "cgrp";

/** "[thrd:main]: JoinGroup response: GenerationId 3, Protocol range, LeaderId <id> (me), my MemberId <id>, member metadata count 1: (no error)" */
const joinGroupLine =
  /JoinGroup response: GenerationId (-?\d+), .*my MemberId (.*), member metadata count \d+: \(no error\)$/;
/** 'Group "g": updating member id "<old>" -> "<new>"' */
const memberIdLine = / -> "(.*)"$/;

interface LogEvent {
  readonly fac?: unknown;
  readonly message?: unknown;
}

export class GroupMembership {
  /** "" until the first join. */
  memberId = "";
  generationId: number | undefined;
  /** Every member id this consumer held, to tell a zombie's metadata from a stranger's. */
  readonly memberIds = new Set<string>();

  /** The listener for the consumer's `event.log`. */
  readonly onLog = (event: LogEvent): void => {
    if (typeof event.message !== "string") return;
    if (event.fac === "JOINGROUP") {
      const joined = joinGroupLine.exec(event.message);
      if (joined?.[1] === undefined || joined[2] === undefined) return;
      this.generationId = Number(joined[1]);
      this.setMemberId(joined[2]);
    } else if (event.fac === "MEMBERID") {
      const changed = memberIdLine.exec(event.message);
      if (changed?.[1] !== undefined) this.setMemberId(changed[1] === "(not-set)" ? "" : changed[1]);
    }
  };

  private setMemberId(memberId: string): void {
    this.memberId = memberId;
    if (memberId !== "") this.memberIds.add(memberId);
  }
}
