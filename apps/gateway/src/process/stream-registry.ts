import { OnceportError } from "@onceport/errors";

/** A long-lived stream that can be asked to finish. */
export interface RegisteredStream {
  whenClosed(listener: () => void): void;
  /** Finishes within about `graceMs`, ending the stream with `ending`. */
  drain(graceMs: number, ending: OnceportError): Promise<void>;
}

/** The live streams of one kind on this gateway: a bound on their number, and a stop for all. */
export class StreamRegistry<T extends RegisteredStream> {
  private readonly streams = new Set<T>();
  private stopping = false;

  private readonly what: string;
  private readonly max: number;

  constructor(what: string, max: number) {
    this.what = what;
    this.max = max;
  }

  get size(): number {
    return this.streams.size;
  }

  /** Registers a new stream, or refuses it when the gateway is full or stopping. */
  admit(create: () => T): T {
    if (this.stopping) throw new OnceportError("SHUTTING_DOWN", "the gateway is stopping");
    if (this.streams.size >= this.max) {
      throw new OnceportError(
        "SESSION_LIMIT_REACHED",
        `this gateway holds its limit of ${this.max} ${this.what}`,
      );
    }
    const stream = create();
    this.streams.add(stream);
    stream.whenClosed(() => this.streams.delete(stream));
    return stream;
  }

  /** The gateway is stopping: every stream finishes and ends with SHUTTING_DOWN (retriable elsewhere). */
  async drainAll(graceMs: number): Promise<void> {
    this.stopping = true;
    const ending = new OnceportError("SHUTTING_DOWN", "the gateway is stopping: connect again");
    await Promise.all([...this.streams].map((stream) => stream.drain(graceMs, ending)));
  }
}
