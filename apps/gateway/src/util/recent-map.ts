/** A map that keeps only its most recently added entries, for answers about things that just ended. */
export class RecentMap<K, V> {
  private readonly entries = new Map<K, V>();

  private readonly capacity: number;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  /** Removes the key; true when it was there. */
  delete(key: K): boolean {
    return this.entries.delete(key);
  }
}
