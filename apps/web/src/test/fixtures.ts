import type { RoomDto, StepDto, UserDto } from '../api/contract.js';

/** Fixture builders: sensible defaults, override only what a test is about. */
export function aUser(overrides: Partial<UserDto> = {}): UserDto {
  return {
    id: 'u-ada',
    email: 'ada@example.test',
    displayName: 'Ada',
    role: 'player',
    credits: 25,
    ...overrides,
  };
}

export function aRoom(overrides: Partial<RoomDto> = {}): RoomDto {
  return {
    id: 'r-1',
    name: 'Seaside',
    ownerId: 'u-ada',
    inviteCode: 'INV1TE',
    mode: 'open',
    direction: null,
    status: 'open',
    canvas: { x: 0, y: 0, width: 1024, height: 1024, version: 1 },
    members: [
      { userId: 'u-ada', displayName: 'Ada', seat: 0 },
      { userId: 'u-bob', displayName: 'Bob', seat: 1 },
    ],
    turn: { number: 1, seat: 0, userId: 'u-ada', nonce: 'n-1' },
    activeStep: null,
    limits: { maxWidth: 8192, maxHeight: 8192, maxTurns: null },
    settings: {
      featherPx: 128,
      colorMatch: true,
      prefill: 'smear',
      blend: 'feather',
      colorTransfer: 'hybrid',
      referenceHeadroom: true,
    },
    createdAt: '2026-11-21T09:00:00.000Z',
    ...overrides,
  };
}

export function aStep(overrides: Partial<StepDto> = {}): StepDto {
  return {
    id: 's-1',
    roomId: 'r-1',
    number: 1,
    userId: 'u-ada',
    direction: 'right',
    prompt: 'a lighthouse',
    status: 'running',
    error: null,
    tiles: 1,
    cost: 1,
    provider: 'mock',
    model: 'mock-1',
    createdAt: '2026-11-21T09:01:00.000Z',
    finishedAt: null,
    before: { x: 0, y: 0, width: 1024, height: 1024, version: 1 },
    after: null,
    ...overrides,
  };
}
