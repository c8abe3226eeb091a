import { describe, expect, it } from 'vitest';
import { WorkerJobError, WorkerPool } from './worker-pool.js';

/** A worker that doubles numbers, fails on request and can be told to die. */
const SOURCE = `'use strict';
const { parentPort } = require('node:worker_threads');
parentPort.on('message', ({ id, job }) => {
  if (job.die) process.exit(3);
  if (job.fail) {
    parentPort.postMessage({ id, error: { message: 'asked to fail' } });
    return;
  }
  if (job.bytes) {
    // Sums a transferred buffer, then hands a new one back.
    let sum = 0;
    for (const b of job.bytes) sum += b;
    const out = new Uint8Array([sum & 255]);
    parentPort.postMessage({ id, result: out }, [out.buffer]);
    return;
  }
  parentPort.postMessage({ id, result: job.n * 2 });
});
`;

describe('WorkerPool', () => {
  it('runs every job once and answers each with its own result, more jobs than workers', async () => {
    const pool = new WorkerPool<{ n: number }, number>(SOURCE, 2);
    try {
      const inputs = Array.from({ length: 25 }, (_, i) => i);
      expect(await Promise.all(inputs.map((n) => pool.run({ n })))).toEqual(inputs.map((n) => n * 2));
    } finally {
      await pool.close();
    }
  });

  it('hands transferred buffers over and takes results back', async () => {
    const pool = new WorkerPool<{ bytes: Uint8Array }, Uint8Array>(SOURCE, 1);
    try {
      const bytes = Uint8Array.of(1, 2, 3, 250);
      const result = await pool.run({ bytes }, [bytes.buffer]);
      expect([...result]).toEqual([(1 + 2 + 3 + 250) & 255]);
      // Transferred: this side's view is detached.
      expect(bytes.byteLength).toBe(0);
    } finally {
      await pool.close();
    }
  });

  it('rejects a failed job with WorkerJobError and goes on with the next', async () => {
    const pool = new WorkerPool<{ n?: number; fail?: boolean }, number>(SOURCE, 1);
    try {
      const failed = pool.run({ fail: true });
      const next = pool.run({ n: 21 });
      await expect(failed).rejects.toBeInstanceOf(WorkerJobError);
      await expect(failed).rejects.toThrow('asked to fail');
      expect(await next).toBe(42);
    } finally {
      await pool.close();
    }
  });

  it('rejects the job of a worker that dies, and serves later jobs from a fresh worker', async () => {
    const pool = new WorkerPool<{ n?: number; die?: boolean }, number>(SOURCE, 1);
    try {
      await expect(pool.run({ die: true })).rejects.toThrow(/worker stopped/);
      expect(await pool.run({ n: 5 })).toBe(10);
    } finally {
      await pool.close();
    }
  });

  it('rejects what is still queued when closed', async () => {
    const pool = new WorkerPool<{ n: number }, number>(SOURCE, 1);
    const jobs = [pool.run({ n: 1 }), pool.run({ n: 2 }), pool.run({ n: 3 })].map((p) =>
      p.then(
        (value) => ({ value }),
        (error: Error) => ({ error }),
      ),
    );
    await pool.close();
    const outcomes = await Promise.all(jobs);
    // Closed before any answer could arrive: the running job and the queued ones all fail.
    expect(outcomes.every((o) => 'error' in o && o.error instanceof WorkerJobError)).toBe(true);
  });
});
