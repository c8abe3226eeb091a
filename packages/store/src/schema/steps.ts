import { sql } from 'drizzle-orm';
import {
  bigint,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { direction, stepStatus } from './enums.js';
import { rooms } from './rooms.js';
import { users } from './users.js';

/** Fencing tokens only ever grow, across rooms and replicas: a lost worker's token is always stale. */
export const stepFencingSeq = pgSequence('step_fencing_seq', { startWith: 1 });

export const steps = pgTable(
  'steps',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    roomId: uuid('room_id')
      .notNull()
      .references(() => rooms.id, { onDelete: 'cascade' }),
    /** 1, 2, 3… per room, every attempt (failed ones too). */
    number: integer('number').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    direction: direction('direction').notNull(),
    prompt: text('prompt').notNull(),
    status: stepStatus('status').notNull().default('running'),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    tiles: integer('tiles').notNull(),
    cost: integer('cost').notNull(),
    provider: text('provider'),
    model: text('model'),
    idempotencyKey: text('idempotency_key').notNull(),
    /** Hash of the request body: a reused key with a different body is refused, not replayed. */
    requestHash: text('request_hash').notNull(),
    turnNonce: uuid('turn_nonce').notNull(),
    leaseExpiresAt: timestamp('lease_expires_at', { withTimezone: true }).notNull(),
    fencingToken: bigint('fencing_token', { mode: 'number' })
      .notNull()
      .default(sql`nextval('step_fencing_seq')`),
    beforeX: integer('before_x').notNull(),
    beforeY: integer('before_y').notNull(),
    beforeWidth: integer('before_width').notNull(),
    beforeHeight: integer('before_height').notNull(),
    beforeVersion: integer('before_version').notNull(),
    afterX: integer('after_x'),
    afterY: integer('after_y'),
    afterWidth: integer('after_width'),
    afterHeight: integer('after_height'),
    afterVersion: integer('after_version'),
    /** The reproducibility record (prompt, parameters, hashes, artifact keys, timings). */
    record: jsonb('record').$type<Record<string, unknown>>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('steps_room_number_key').on(t.roomId, t.number),
    uniqueIndex('steps_idempotency_key').on(t.roomId, t.userId, t.idempotencyKey),
    // The room lock: at most one running step per room, enforced by the database across replicas.
    uniqueIndex('steps_one_running_per_room').on(t.roomId).where(sql`${t.status} = 'running'`),
    index('steps_running_lease_idx').on(t.leaseExpiresAt).where(sql`${t.status} = 'running'`),
    uniqueIndex('steps_fencing_token_key').on(t.fencingToken),
  ],
);
