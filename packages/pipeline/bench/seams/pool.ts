import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type ChainJob, type ChainJobResult, runJob } from './jobs.js';

type Reply = { ok: true; result: ChainJobResult } | { ok: false; error: string };

/**
 * Runs the chains on `workers` processes (each chain is single-threaded JavaScript; the
 * machine has 2 cores), longest first, calling `onResult` as each ends. With one worker it
 * runs in this process. Results are deterministic whatever the order: every chain has its
 * own seeded oracle.
 */
export async function runJobs(
  jobs: ChainJob[],
  workers: number,
  onResult: (job: ChainJob, result: ChainJobResult) => void,
): Promise<Map<string, ChainJobResult>> {
  const queue = [...jobs].sort((a, b) => b.steps + Number(b.single) - (a.steps + Number(a.single)));
  const results = new Map<string, ChainJobResult>();
  if (workers <= 1) {
    for (const job of queue) {
      const result = await runJob(job);
      results.set(result.key, result);
      onResult(job, result);
    }
    return results;
  }
  const script = fileURLToPath(new URL('./worker.ts', import.meta.url));
  const children: ChildProcess[] = [];
  try {
    await Promise.all(
      Array.from({ length: Math.min(workers, queue.length) }, async () => {
        // The parent's execArgv carries tsx's loader, so the child runs the TypeScript as is.
        const child = fork(script, { serialization: 'advanced', stdio: 'inherit' });
        children.push(child);
        for (let job = queue.shift(); job; job = queue.shift()) {
          const current = job;
          const reply = await new Promise<Reply>((resolve, reject) => {
            child.once('message', (m) => resolve(m as Reply));
            child.once('exit', (code) =>
              reject(new Error(`seams worker exited (${code}) during ${current.photo}`)),
            );
            child.send(current);
          });
          child.removeAllListeners('exit');
          if (!reply.ok)
            throw new Error(`seams worker failed on ${current.methodId} ${current.photo}: ${reply.error}`);
          results.set(reply.result.key, reply.result);
          onResult(current, reply.result);
        }
      }),
    );
  } finally {
    for (const child of children) child.disconnect();
  }
  return results;
}
