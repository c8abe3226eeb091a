/**
 * Scratch byte arrays reused by exact size. Every stored PNG needs a filtered copy of its
 * pixels for as long as zlib deflates it — ~15 MB of short-lived arrays a step. Allocated
 * fresh, that memory lives outside V8's heap and its churn alone triggers a full garbage
 * collection or more per step; reused, it is allocated once. A taken array holds old bytes:
 * the caller overwrites all of it.
 */
export class ScratchPool {
  readonly #free = new Map<number, Uint8Array[]>();
  readonly #keepPerSize: number;

  constructor(keepPerSize = 8) {
    this.#keepPerSize = keepPerSize;
  }

  take(bytes: number): Uint8Array {
    return this.#free.get(bytes)?.pop() ?? new Uint8Array(bytes);
  }

  /** Hands an array back; it must no longer be read or written by anyone. */
  give(array: Uint8Array): void {
    const free = this.#free.get(array.length) ?? [];
    if (free.length < this.#keepPerSize) free.push(array);
    this.#free.set(array.length, free);
  }
}
