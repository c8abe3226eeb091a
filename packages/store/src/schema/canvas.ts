import { sql } from 'drizzle-orm';
import { index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { rooms } from './rooms.js';
import { steps } from './steps.js';

export const canvasVersions = pgTable(
  'canvas_versions',
  {
    roomId: uuid('room_id')
      .notNull()
      .references(() => rooms.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    x: integer('x').notNull(),
    y: integer('y').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    /** The step that produced it; null for the starting version 0. */
    stepId: uuid('step_id').references(() => steps.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'canvas_versions_pkey', columns: [t.roomId, t.version] })],
);

/**
 * A version stores only the cells it changed. Reading version v takes, per (level, cx, cy),
 * the newest row with version <= v — so a step's cost never grows with the canvas area.
 */
export const canvasCells = pgTable(
  'canvas_cells',
  {
    roomId: uuid('room_id')
      .notNull()
      .references(() => rooms.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    level: integer('level').notNull(),
    cx: integer('cx').notNull(),
    cy: integer('cy').notNull(),
    blobKey: text('blob_key').notNull(),
    sha256: text('sha256').notNull(),
  },
  (t) => [
    primaryKey({ name: 'canvas_cells_pkey', columns: [t.roomId, t.level, t.cx, t.cy, t.version] }),
    // Serves DISTINCT ON (level, cx, cy) ... ORDER BY version DESC for any version.
    index('canvas_cells_lookup_idx').on(t.roomId, t.level, t.cx, t.cy, sql`${t.version} desc`),
    index('canvas_cells_blob_key_idx').on(t.blobKey),
  ],
);
