import { OnceportError } from "@onceport/errors";
import type { Policy } from "./policy.ts";
import type { Principal } from "./principal.ts";

/**
 * The policy's checks, each a PERMISSION_DENIED naming what was refused.
 * Without a policy (authentication off, none configured) everything is allowed.
 */
export class AccessControl {
  private readonly policy: { readonly current: Policy } | undefined;

  constructor(policy: { readonly current: Policy } | undefined) {
    this.policy = policy;
  }

  /** May the principal open a session for this client id, and so fence whoever holds it? */
  clientId(principal: Principal, clientId: string): void {
    if (!this.allows(principal, "clientIds", clientId)) {
      throw denied(principal, `may not use client id ${clientId}`);
    }
  }

  /** May the principal write (publish, or output from Process) to every one of these topics? */
  write(principal: Principal, topics: Iterable<string>): void {
    for (const topic of new Set(topics)) {
      if (!this.allows(principal, "write", topic)) throw denied(principal, `may not write to topic ${topic}`);
    }
  }

  /** May the principal Subscribe to every one of these topics? */
  read(principal: Principal, topics: Iterable<string>): void {
    for (const topic of new Set(topics)) {
      if (!this.allows(principal, "read", topic)) throw denied(principal, `may not read topic ${topic}`);
    }
  }

  /**
   * May the principal join this group on these topics with Process, as this
   * worker id (written into every output's `onceport-client-id`)?
   */
  process(principal: Principal, join: { group: string; topics: readonly string[]; workerId: string }): void {
    if (!this.allows(principal, "groups", join.group)) {
      throw denied(principal, `may not join consumer group ${join.group}`);
    }
    for (const topic of new Set(join.topics)) {
      if (!this.allows(principal, "process", topic))
        throw denied(principal, `may not process topic ${topic}`);
    }
    if (!this.allows(principal, "clientIds", join.workerId)) {
      throw denied(principal, `may not use worker id ${join.workerId}`);
    }
  }

  private allows(principal: Principal, right: Parameters<Policy["allows"]>[1], name: string): boolean {
    return this.policy === undefined || this.policy.current.allows(principal.name, right, name);
  }
}

function denied(principal: Principal, what: string): OnceportError {
  return new OnceportError("PERMISSION_DENIED", `principal ${principal.name} ${what}`);
}
