import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { expect, inject, it } from 'vitest';
import { createTestDatabase } from '../testing/postgres-server.js';
import '../testing/provided-context.js';
import { openPostgres } from './postgres.js';

const run = promisify(execFile);

/**
 * A backend terminated in the middle of a transaction (an operator's pg_terminate_backend, a
 * failover, a proxy dropping the connection). postgres.js 3.4.9 as released then throws an
 * uncatchable TypeError from a setImmediate (porsager/postgres#1154, #1208) and the process dies;
 * with patches/postgres@3.4.9.patch the transaction rejects CONNECTION_CLOSED and the pool goes on.
 * In a child process, so that the crash, if it comes back, fails this test and nothing else.
 */
it('a transaction whose connection is killed rejects CONNECTION_CLOSED; the process and pool survive', async () => {
  const { url } = await createTestDatabase({ url: inject('exqPostgresUrl') });
  const tsx = createRequire(import.meta.url).resolve('tsx/cli');
  const child = fileURLToPath(new URL('./killed-connection.child.ts', import.meta.url));
  const { stdout } = await run(process.execPath, [tsx, child, url], { timeout: 60_000 });
  expect(JSON.parse(stdout.trim())).toEqual({
    transactionError: { code: 'CONNECTION_CLOSED', message: expect.stringContaining('CONNECTION_CLOSED') },
    after: 42,
  });
}, 90_000);

it('in process too: the failed transaction is an ordinary rejection and the next one commits', async () => {
  const { url } = await createTestDatabase({ url: inject('exqPostgresUrl') });
  const database = await openPostgres(url, { max: 2 });
  const killer = await openPostgres(url, { max: 1 });
  try {
    await database.db.execute(sql`create table t (n integer)`);
    const attempt = database.db.transaction(async (tx) => {
      await tx.execute(sql`insert into t values (1)`);
      // postgres.js answers rows as an array.
      const [row] = (await tx.execute(sql`select pg_backend_pid() as pid`)) as unknown as Array<{
        pid: number;
      }>;
      await killer.db.execute(sql`select pg_terminate_backend(${row!.pid})`);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await tx.execute(sql`insert into t values (2)`);
    });
    await expect(attempt).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' });
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`insert into t values (3)`);
    });
    const rows = (await database.db.execute(sql`select n from t order by n`)) as unknown as Array<{
      n: number;
    }>;
    // The killed transaction left nothing behind.
    expect(rows.map((r) => r.n)).toEqual([3]);
  } finally {
    await database.close();
    await killer.close();
  }
});
