/**
 * Blob writes started now and awaited together later. A step's cells are hashed (their
 * content address) and cached as soon as they are cut, so the pyramid above them can be built
 * at once while their PNGs encode on sharp's worker threads; the step settles every write
 * before its commit, which keeps "blobs before the commit that references them".
 */
export class PendingWrites {
  readonly #writes: Promise<void>[] = [];

  track(write: Promise<void>): void {
    // Observed by `settle`; this only keeps an early rejection from going unhandled meanwhile.
    write.catch(() => {});
    this.#writes.push(write);
  }

  /** Waits for every tracked write; rejects with the first failure once all have ended. */
  async settle(): Promise<void> {
    const outcomes = await Promise.allSettled(this.#writes);
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) throw failed.reason;
  }
}
