/**
 * Byte arrays over `SharedArrayBuffer`s, reused by exact size. The PNG workers read an image's
 * pixels straight from one of these (posted, not copied or transferred): the event loop pays one
 * memcpy into memory that is already mapped, instead of allocating and faulting in a fresh copy
 * of every image it encodes — ~15 MB a step, whose churn alone drove a full garbage collection
 * or more per step. A taken array holds old bytes: the caller overwrites all of it.
 */
export class SharedScratch {
  readonly #free = new Map<number, Uint8Array[]>();
  readonly #keepPerSize: number;

  constructor(keepPerSize = 8) {
    this.#keepPerSize = keepPerSize;
  }

  take(bytes: number): Uint8Array {
    return this.#free.get(bytes)?.pop() ?? new Uint8Array(new SharedArrayBuffer(bytes));
  }

  /** Hands an array back; no thread may read or write it any more. */
  give(array: Uint8Array): void {
    const free = this.#free.get(array.length) ?? [];
    if (free.length < this.#keepPerSize) free.push(array);
    this.#free.set(array.length, free);
  }
}
