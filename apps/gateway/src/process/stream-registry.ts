import { OnceportError } from "@onceport/errors";
import { FairShares } from "../limits/fair-shares.ts";

/** A long-lived stream that can be asked to finish. */
export interface RegisteredStream {
  whenClosed(listener: () => void): void;
  /** Finishes within about `graceMs`, ending the stream with `ending`. */
  drain(graceMs: number, ending: OnceportError): Promise<void>;
}

/**
 * The live streams of one kind on this gateway: a bound on their number, with a share for
 * each principal below it, and a stop for all.
 */
export class StreamRegistry<T extends RegisteredStream> {
  private readonly streams = new Set<T>();
  private stopping = false;
  private readonly shares: FairShares;

  constructor(what: string, limits: { total: number; perPrincipal: number }) {
    this.shares = new FairShares(what, limits);
  }

  get size(): number {
    return this.streams.size;
  }

  /** Registers a new stream of the principal, or refuses it when its share, the gateway's limit or a stop says so. */
  admit(principal: string, create: () => T): T {
    if (this.stopping) throw new OnceportError("SHUTTING_DOWN", "the gateway is stopping");
    const release = this.shares.take(principal);
    let stream: T;
    try {
      stream = create();
    } catch (error) {
      release();
      throw error;
    }
    this.streams.add(stream);
    stream.whenClosed(() => {
      this.streams.delete(stream);
      release();
    });
    return stream;
  }

  /** The gateway is stopping: every stream finishes and ends with SHUTTING_DOWN (retriable elsewhere). */
  async drainAll(graceMs: number): Promise<void> {
    this.stopping = true;
    const ending = new OnceportError("SHUTTING_DOWN", "the gateway is stopping: connect again");
    await Promise.all([...this.streams].map((stream) => stream.drain(graceMs, ending)));
  }
}
