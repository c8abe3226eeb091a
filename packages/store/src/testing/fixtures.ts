import { randomUUID } from 'node:crypto';
import type { Direction, Rect } from '@exquisite/geometry';
import type { Db } from '../db/types.js';
import { type CreateRoomInput, createRoom, joinRoom } from '../repo/rooms.js';
import type { CellRef, Room, User } from '../repo/types.js';
import { createUser } from '../repo/users.js';

let counter = 0;

/** A user with a unique email and `credits` signup credits (default 25). */
export async function makeUser(
  db: Db,
  overrides: { email?: string; displayName?: string; credits?: number; role?: 'player' | 'admin' } = {},
): Promise<User> {
  counter += 1;
  const result = await createUser(db, {
    email: overrides.email ?? `player-${counter}-${randomUUID().slice(0, 8)}@example.test`,
    displayName: overrides.displayName ?? `Player ${counter}`,
    passwordHash: 'scrypt$test$not-a-real-hash',
    role: overrides.role ?? 'player',
    signupCredits: overrides.credits ?? 25,
  });
  if (!result.ok) throw new Error(`makeUser: ${result.code}`);
  return result.user;
}

/** Fake level-0 cell refs covering a canvas rect (keys and hashes are placeholders, not blobs). */
export function fakeCells(canvas: Rect, tag = 'start'): CellRef[] {
  const cells: CellRef[] = [];
  for (let cy = canvas.y / 512; cy < (canvas.y + canvas.height) / 512; cy++) {
    for (let cx = canvas.x / 512; cx < (canvas.x + canvas.width) / 512; cx++) {
      cells.push({ level: 0, cx, cy, blobKey: `cells/${tag}-${cx}-${cy}.png`, sha256: `${tag}:${cx}:${cy}` });
    }
  }
  return cells;
}

/** A room owned by `owner` on the default 1024² canvas; `members` join in order after the owner. */
export async function makeRoom(
  db: Db,
  owner: User,
  options: Partial<Omit<CreateRoomInput, 'ownerId'>> & {
    members?: User[];
    direction?: Direction | null;
  } = {},
): Promise<Room> {
  const { members = [], ...rest } = options;
  const canvas = rest.canvas ?? { x: 0, y: 0, width: 1024, height: 1024 };
  const created = await createRoom(db, {
    name: 'Test room',
    ...rest,
    canvas,
    cells: rest.cells ?? fakeCells(canvas),
    ownerId: owner.id,
  });
  if (!created.ok) throw new Error(`makeRoom: ${created.code}`);
  let room = created.room;
  for (const member of members) {
    const joined = await joinRoom(db, { inviteCode: room.inviteCode, userId: member.id });
    if (!joined.ok) throw new Error(`makeRoom join: ${joined.code}`);
    room = joined.room;
  }
  return room;
}
