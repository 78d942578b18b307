/**
 * Serialises async work per key inside one process: two uploads to the same dataset must not both
 * build the next snapshot from the same parent, or one of them would be lost.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<unknown>>();

  /**
   * Runs `work` after every earlier `run` with the same key has settled.
   *
   * @example
   * await mutex.run('fraud.train', () => appendToSnapshot(rows));
   */
  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(work, work);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await next;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
