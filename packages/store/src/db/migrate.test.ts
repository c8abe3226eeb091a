import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { describe, expect, inject, it } from 'vitest';
import { ENGINES, openTestDatabase } from '../testing/engines.js';
import { createTestDatabase } from '../testing/postgres-server.js';
import { createDatabase, migrate } from './database.js';
import type { Database } from './types.js';

/** Migrations drizzle-kit generated (drizzle/meta/_journal.json): each must be applied exactly once. */
const MIGRATIONS = (
  JSON.parse(readFileSync(new URL('../../drizzle/meta/_journal.json', import.meta.url), 'utf8')) as {
    entries: unknown[];
  }
).entries.length;

async function tableNames(database: Database): Promise<string[]> {
  const result = await database.db.execute<{ table_name: string }>(
    sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
  );
  return (result as unknown as { rows?: Array<{ table_name: string }> }).rows
    ? (result as unknown as { rows: Array<{ table_name: string }> }).rows.map((r) => r.table_name)
    : (result as unknown as Array<{ table_name: string }>).map((r) => r.table_name);
}

const EXPECTED_TABLES = [
  'audit_log',
  'canvas_cells',
  'canvas_versions',
  'credit_ledger',
  'room_events',
  'room_members',
  'rooms',
  'sessions',
  'steps',
  'users',
];

describe.each(ENGINES)('migrate [%s]', (engine) => {
  it('creates every table and is safe to run twice', async () => {
    const database = await openTestDatabase(engine);
    try {
      await migrate(database);
      expect(await tableNames(database)).toEqual(EXPECTED_TABLES);
      await database.ping();
    } finally {
      await database.close();
    }
  });
});

describe('migrate [postgres, two processes]', () => {
  it('two concurrent migrations of a fresh database both succeed and apply each migration once', async () => {
    const { url } = await createTestDatabase({ url: inject('exqPostgresUrl') });
    const a = await createDatabase({ url });
    const b = await createDatabase({ url });
    try {
      await Promise.all([migrate(a), migrate(b)]);
      expect(await tableNames(a)).toEqual(EXPECTED_TABLES);
      const applied = await a.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
      expect(MIGRATIONS).toBeGreaterThanOrEqual(2);
      expect((applied as unknown as Array<{ n: number }>)[0]?.n).toBe(MIGRATIONS);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe.each(ENGINES)('listen/notify [%s]', (engine) => {
  it('delivers a payload to a listener and stops after unlisten', async () => {
    const database = await openTestDatabase(engine);
    try {
      const received: string[] = [];
      let resolveFirst: () => void = () => {};
      const first = new Promise<void>((resolve) => {
        resolveFirst = resolve;
      });
      const unlisten = await database.listen('room_events', (payload) => {
        received.push(payload);
        resolveFirst();
      });
      await database.notify('room_events', '{"id":1}');
      await first;
      expect(received).toEqual(['{"id":1}']);
      await unlisten();
    } finally {
      await database.close();
    }
  });
});
