import { type TransferListItem, Worker } from 'node:worker_threads';

/** A job failed inside the worker, or the worker itself died while running it. */
export class WorkerJobError extends Error {
  override readonly name = 'WorkerJobError';
  readonly code = 'WORKER_JOB_FAILED' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

interface Pending<R> {
  message: unknown;
  transfer: TransferListItem[];
  resolve: (result: R) => void;
  reject: (error: Error) => void;
}

interface Slot<R> {
  worker: Worker;
  running: Pending<R> | null;
}

/**
 * A few `worker_threads` running one script given as source text (`eval`), so it works the
 * same from TypeScript sources (tsx, vitest) and from the API's single-file bundle, where no
 * separate worker file exists. One job per worker at a time, the rest queued first in, first
 * out on this thread, so a long job never holds up a short one that another worker could take.
 * Workers start on first use and keep the process alive only while they run a job: an idle
 * pool never holds a process open, a job awaited at the end of a script still completes.
 *
 * Protocol: the worker receives `{ id, job }` and answers `{ id, result }` or `{ id, error }`.
 */
export class WorkerPool<J, R> {
  readonly #source: string;
  readonly #size: number;
  readonly #slots: Array<Slot<R>> = [];
  readonly #queue: Array<Pending<R>> = [];
  #nextId = 0;
  readonly #byId = new Map<number, Pending<R>>();

  constructor(source: string, size: number) {
    this.#source = source;
    this.#size = Math.max(1, size);
  }

  /** Runs `job` on a worker; `transfer` lists buffers handed over (unusable here afterwards). */
  run(job: J, transfer: TransferListItem[] = []): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#queue.push({ message: job, transfer, resolve, reject });
      this.#dispatch();
    });
  }

  /** Stops every worker; jobs still queued or running are rejected. */
  async close(): Promise<void> {
    const slots = this.#slots.splice(0);
    const closed = new WorkerJobError('worker pool closed');
    for (const pending of this.#queue.splice(0)) pending.reject(closed);
    for (const slot of slots) {
      const running = slot.running;
      slot.running = null;
      if (running === null) continue;
      for (const [id, p] of this.#byId) if (p === running) this.#byId.delete(id);
      running.reject(closed);
    }
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  #dispatch(): void {
    while (this.#queue.length > 0) {
      let slot = this.#slots.find((s) => s.running === null);
      if (slot === undefined && this.#slots.length < this.#size) slot = this.#spawn();
      if (slot === undefined) return;
      const pending = this.#queue.shift()!;
      const id = this.#nextId++;
      slot.running = pending;
      slot.worker.ref();
      this.#byId.set(id, pending);
      slot.worker.postMessage({ id, job: pending.message }, pending.transfer);
    }
  }

  #spawn(): Slot<R> {
    const worker = new Worker(this.#source, { eval: true });
    worker.unref();
    const slot: Slot<R> = { worker, running: null };
    worker.on('message', (reply: { id: number; result?: R; error?: { message: string } }) => {
      const pending = this.#byId.get(reply.id);
      this.#byId.delete(reply.id);
      slot.running = null;
      slot.worker.unref();
      if (pending !== undefined) {
        if (reply.error) pending.reject(new WorkerJobError(reply.error.message));
        else pending.resolve(reply.result as R);
      }
      this.#dispatch();
    });
    // A worker that dies takes its running job with it; the next job gets a fresh worker.
    const lost = (cause: unknown) => {
      const index = this.#slots.indexOf(slot);
      if (index < 0) return;
      this.#slots.splice(index, 1);
      const pending = slot.running;
      slot.running = null;
      if (pending !== undefined && pending !== null) {
        for (const [id, p] of this.#byId) if (p === pending) this.#byId.delete(id);
        pending.reject(
          new WorkerJobError(`worker stopped: ${(cause as Error)?.message ?? cause}`, { cause }),
        );
      }
      this.#dispatch();
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`exit code ${code}`)));
    this.#slots.push(slot);
    return slot;
  }
}
