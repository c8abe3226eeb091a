import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { direction, prefillMode, roomMode, roomStatus } from './enums.js';
import { users } from './users.js';

// Seam settings (docs/seams.md). Kept beside the rooms table, their only user.
export const blendMethod = pgEnum('blend_method', ['feather', 'multiband']);
// Values are only ever appended (Postgres enums cannot drop one); `hybrid` came with 0002.
export const colorTransfer = pgEnum('color_transfer', ['mean-std', 'histogram', 'paired', 'hybrid']);
export type BlendMethod = (typeof blendMethod.enumValues)[number];
export type ColorTransfer = (typeof colorTransfer.enumValues)[number];

export const rooms = pgTable(
  'rooms',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id),
    inviteCode: text('invite_code').notNull(),
    mode: roomMode('mode').notNull().default('open'),
    /** Folded rooms grow along one direction fixed at creation; null for open rooms. */
    direction: direction('direction'),
    status: roomStatus('status').notNull().default('open'),
    maxWidth: integer('max_width').notNull().default(8192),
    maxHeight: integer('max_height').notNull().default(8192),
    /** Committed steps after which the room finishes; null = unlimited. */
    maxTurns: integer('max_turns'),
    featherPx: integer('feather_px').notNull().default(128),
    colorMatch: boolean('color_match').notNull().default(true),
    prefill: prefillMode('prefill').notNull().default('smear'),
    /** Blend across the feather strip; defaults chosen from bench/results/seams.md. */
    blend: blendMethod('blend').notNull().default('feather'),
    /**
     * Colour transfer used when color_match is on. New rooms get `hybrid` (docs/seams.md,
     * "Decision"), written explicitly by the repository's `createRoom`
     * (`DEFAULT_ROOM_COLOR_TRANSFER`). The SQL default stays `histogram` and only serves rows
     * inserted without the repository (old releases): a migration cannot change it to `hybrid`,
     * since Postgres refuses an enum value added in the same open transaction ("unsafe use of
     * new value") and a fresh database applies all pending migrations, 0002's included, in one.
     */
    colorTransfer: colorTransfer('color_transfer').notNull().default('histogram'),
    /**
     * Squeeze the reference's levels into headroom before the model sees it (only with
     * color_match): the model's exposure shifts then clip nothing, and the colour transfer undoes
     * squeeze and drift together (docs/seams.md, "Headroom as a room setting"). On for new rooms.
     */
    referenceHeadroom: boolean('reference_headroom').notNull().default(true),
    // The head: the newest committed canvas version, denormalised for cheap reads.
    canvasX: integer('canvas_x').notNull(),
    canvasY: integer('canvas_y').notNull(),
    canvasWidth: integer('canvas_width').notNull(),
    canvasHeight: integer('canvas_height').notNull(),
    canvasVersion: integer('canvas_version').notNull().default(0),
    // The turn: whose it is, and a nonce that changes every turn so a stale client cannot act.
    turnSeat: integer('turn_seat').notNull().default(0),
    turnNonce: uuid('turn_nonce').notNull().defaultRandom(),
    turnNumber: integer('turn_number').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('rooms_invite_code_key').on(t.inviteCode),
    index('rooms_owner_idx').on(t.ownerId),
    check(
      'rooms_direction_matches_mode',
      sql`(${t.mode} = 'folded' and ${t.direction} is not null) or (${t.mode} = 'open' and ${t.direction} is null)`,
    ),
    check('rooms_feather_range', sql`${t.featherPx} between 0 and 512`),
    check('rooms_max_turns_positive', sql`${t.maxTurns} is null or ${t.maxTurns} > 0`),
  ],
);

export const roomMembers = pgTable(
  'room_members',
  {
    roomId: uuid('room_id')
      .notNull()
      .references(() => rooms.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Join order; the owner is seat 0. Seats of removed members are not reused. */
    seat: integer('seat').notNull(),
    joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('room_members_room_seat_key').on(t.roomId, t.seat),
    uniqueIndex('room_members_room_user_key').on(t.roomId, t.userId),
    index('room_members_user_idx').on(t.userId),
  ],
);
