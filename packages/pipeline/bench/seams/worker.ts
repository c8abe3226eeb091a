import { type ChainJob, runJob } from './jobs.js';

/** A seams benchmark worker process (pool.ts): runs the chains it is sent, one at a time. */
process.on('message', (job: ChainJob) => {
  runJob(job).then(
    (result) => process.send?.({ ok: true, result }),
    (error: unknown) =>
      process.send?.({ ok: false, error: error instanceof Error ? error.stack : String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
