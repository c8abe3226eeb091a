/**
 * Child process for `postgres.test.ts`: a transaction whose backend is terminated mid-way, then
 * more queries. postgres.js 3.4.9 unpatched throws an uncatchable TypeError here (a buffered
 * write flushed from a `setImmediate` onto the closed connection's null socket), which kills
 * the process; fixed, the transaction rejects and the pool carries on. Prints one JSON line.
 */
import { sql } from 'drizzle-orm';
import { openPostgres } from './postgres.js';

const url = process.argv[2];
if (!url) throw new Error('usage: killed-connection.child.ts <postgres url>');
const database = await openPostgres(url, { max: 2 });
const killer = await openPostgres(url, { max: 1 });
const { db } = database;

const rowsOf = (result: unknown) =>
  (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<Record<string, unknown>>;

let transactionError: { code?: unknown; message: string } | null = null;
try {
  await db.transaction(async (tx) => {
    const [row] = rowsOf(await tx.execute(sql`select pg_backend_pid() as pid`));
    await killer.db.execute(sql`select pg_terminate_backend(${Number(row!.pid)})`);
    // Let the close reach the driver first: the next (small, so buffered) write then lands on a
    // connection whose socket is already gone.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await tx.execute(sql`select 1`);
  });
} catch (error) {
  const cause = (error as { cause?: unknown }).cause ?? error;
  transactionError = { code: (cause as { code?: unknown }).code, message: String((cause as Error).message) };
}
// Give any stray timer the chance to fire (the crash came from a setImmediate).
await new Promise((resolve) => setTimeout(resolve, 300));
const after = rowsOf(await db.execute(sql`select 41 + 1 as answer`))[0]?.answer;
await database.close();
await killer.close();
process.stdout.write(`${JSON.stringify({ transactionError, after })}\n`);
