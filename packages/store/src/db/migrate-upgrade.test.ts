import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getRoom } from '../repo/rooms.js';
import { makeRoom, makeUser } from '../testing/fixtures.js';
import { createTestDatabase } from '../testing/postgres-server.js';
import '../testing/provided-context.js';
import { createDatabase, migrate } from './database.js';
import { defaultMigrationsFolder } from './migrations-folder.js';
import type { Database, Engine } from './types.js';

/**
 * Upgrading a database an earlier release created: its migrations applied and a room stored, then
 * start-up migrates to the current schema. 0002 appends `hybrid` to `color_transfer`; 0003 adds
 * `reference_headroom` (default true, so rooms made before it get headroom too). Postgres
 * refuses to *use* an enum value added in the same, still open transaction when the type is older
 * than that transaction (55P04) — a fresh database never shows it (drizzle applies every pending
 * migration in one transaction, and there the type is created in it too), an upgraded one would:
 * so no migration may set a default or write rows with a value added in the same batch.
 * Upgrades from 0000+0001 (0002 and 0003 in one batch) and from 0000…0002 (0003 alone).
 */
const EARLIER_RELEASES = [2, 3] as const;

interface Journal {
  entries: Array<{ tag: string }>;
}

let folders: string;

/** A copy of the committed migrations, truncated to the first `count` journal entries. */
async function migrationsUpTo(count: number): Promise<string> {
  const folder = join(folders, `first-${count}`);
  await cp(defaultMigrationsFolder(), folder, { recursive: true });
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(await readFile(journalPath, 'utf8')) as Journal;
  expect(journal.entries.length).toBeGreaterThan(count);
  await writeFile(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, count) }));
  return folder;
}

async function appliedMigrations(database: Database): Promise<number> {
  const result = await database.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
  const rows =
    (result as unknown as { rows?: Array<{ n: number }> }).rows ??
    (result as unknown as Array<{ n: number }>);
  return rows[0]?.n ?? -1;
}

/** Opens the same database twice in a row, as two releases starting on one data dir / server do. */
async function databaseFor(engine: Engine): Promise<() => Promise<Database>> {
  if (engine === 'pglite') {
    const dataDir = join(folders, `pglite-${Date.now()}-${Math.random().toString(36).slice(2)}`);
    return () => createDatabase({ dataDir });
  }
  const { url } = await createTestDatabase({ url: inject('exqPostgresUrl') });
  return () => createDatabase({ url });
}

/**
 * A room row as an earlier release wrote it: only the columns every release has, the rest left
 * to that schema's defaults (today's `createRoom` names columns the old table does not have).
 */
async function insertRoomAsEarlierRelease(database: Database, ownerId: string): Promise<string> {
  const id = crypto.randomUUID();
  await database.db.execute(sql`
    insert into rooms (id, name, owner_id, invite_code, canvas_x, canvas_y, canvas_width, canvas_height)
    values (${id}, 'Old room', ${ownerId}, ${`OLD${id.slice(0, 7).toUpperCase()}`}, 0, 0, 1024, 1024)`);
  await database.db.execute(
    sql`insert into room_members (room_id, user_id, seat) values (${id}, ${ownerId}, 0)`,
  );
  return id;
}

beforeAll(async () => {
  folders = await mkdtemp(join(tmpdir(), 'exq-migrate-upgrade-'));
});

afterAll(async () => {
  await rm(folders, { recursive: true, force: true });
});

describe.each(['pglite', 'postgres'] as const)('migrate from the previous release [%s]', (engine) => {
  it.each(EARLIER_RELEASES)(
    'upgrades a database made by the first %i migrations: rooms keep histogram and get headroom',
    async (earlier) => {
      const open = await databaseFor(engine);
      const previous = await migrationsUpTo(earlier);

      const before = await open();
      let oldRoomId: string;
      let owner: Awaited<ReturnType<typeof makeUser>>;
      try {
        await migrate(before, { migrationsFolder: previous });
        expect(await appliedMigrations(before)).toBe(earlier);
        owner = await makeUser(before.db);
        oldRoomId = await insertRoomAsEarlierRelease(before, owner.id);
      } finally {
        await before.close();
      }

      const after = await open();
      try {
        await migrate(after);
        const journal = JSON.parse(
          await readFile(join(defaultMigrationsFolder(), 'meta', '_journal.json'), 'utf8'),
        ) as Journal;
        expect(await appliedMigrations(after)).toBe(journal.entries.length);
        expect((await getRoom(after.db, oldRoomId))?.settings).toMatchObject({
          colorTransfer: 'histogram',
          referenceHeadroom: true,
        });
        // New rooms get hybrid, which the repository writes (the column's SQL default is still
        // histogram: see the schema); 0002's value is usable once its migration has committed.
        const newRoom = await makeRoom(after.db, owner);
        expect(newRoom.settings).toMatchObject({ colorTransfer: 'hybrid', referenceHeadroom: true });
        const chosen = await makeRoom(after.db, owner, {
          settings: { colorTransfer: 'histogram', referenceHeadroom: false },
        });
        expect(chosen.settings).toMatchObject({ colorTransfer: 'histogram', referenceHeadroom: false });
        // Start-up runs migrate on every boot: a second run is a no-op.
        await migrate(after);
        expect(await appliedMigrations(after)).toBe(journal.entries.length);
      } finally {
        await after.close();
      }
    },
    120_000,
  );
});
