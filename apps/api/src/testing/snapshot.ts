import { type Database, schema } from '@exquisite/store';

/**
 * Every table a refused request could touch, read in full. Comparing two snapshots proves a
 * refusal changed nothing (not just "the counts match").
 */
export async function snapshot(database: Database) {
  const { db } = database;
  const [users, sessions, rooms, members, steps, ledger, events, audit, versions] = await Promise.all([
    db.select().from(schema.users),
    db.select().from(schema.sessions),
    db.select().from(schema.rooms),
    db.select().from(schema.roomMembers),
    db.select().from(schema.steps),
    db.select().from(schema.creditLedger),
    db.select().from(schema.roomEvents),
    db.select().from(schema.auditLog),
    db.select().from(schema.canvasVersions),
  ]);
  const byKey = <T>(rows: T[]) => rows.map((r) => JSON.stringify(r)).sort();
  return {
    users: byKey(users),
    sessions: byKey(sessions),
    rooms: byKey(rooms),
    members: byKey(members),
    steps: byKey(steps),
    ledger: byKey(ledger),
    events: byKey(events),
    audit: byKey(audit),
    versions: byKey(versions),
  };
}
