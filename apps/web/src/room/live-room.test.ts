import { describe, expect, it } from 'vitest';
import { aRoom, aStep } from '../test/fixtures.js';
import { applyRoomEvent, healLiveRoom, initialLiveRoom } from './live-room.js';

const NOW = Date.parse('2026-11-21T09:01:30.000Z');

describe('applyRoomEvent', () => {
  it('starts progress when a step starts, from the step creation time', () => {
    const step = aStep({ tiles: 3 });
    const next = applyRoomEvent(initialLiveRoom(aRoom()), { name: 'step.started', data: { step } }, NOW);
    expect(next.room.activeStep?.id).toBe('s-1');
    expect(next.progress).toEqual({
      stepId: 's-1',
      tile: 0,
      tiles: 3,
      phase: 'generating',
      startedAt: Date.parse(step.createdAt),
    });
    expect(next.steps.map((s) => s.id)).toEqual(['s-1']);
  });

  it('advances progress of the active step and ignores a stale step', () => {
    const step = aStep({ tiles: 3 });
    let state = applyRoomEvent(initialLiveRoom(aRoom()), { name: 'step.started', data: { step } }, NOW);
    state = applyRoomEvent(
      state,
      { name: 'step.progress', data: { stepId: 's-1', tile: 1, tiles: 3, phase: 'compositing' } },
      NOW,
    );
    expect(state.progress).toMatchObject({
      tile: 1,
      phase: 'compositing',
      startedAt: Date.parse(step.createdAt),
    });
    const stale = applyRoomEvent(
      state,
      { name: 'step.progress', data: { stepId: 's-0', tile: 2, tiles: 3, phase: 'writing' } },
      NOW,
    );
    expect(stale).toBe(state);
  });

  it('grows the canvas and bumps its version on commit', () => {
    const running = aStep();
    let state = applyRoomEvent(
      initialLiveRoom(aRoom()),
      { name: 'step.started', data: { step: running } },
      NOW,
    );
    const committed = aStep({
      status: 'committed',
      after: { x: 0, y: 0, width: 1536, height: 1024, version: 2 },
    });
    state = applyRoomEvent(
      state,
      {
        name: 'step.committed',
        data: {
          step: committed,
          canvas: { x: 0, y: 0, width: 1536, height: 1024, version: 2, cellPx: 512, levels: 2 },
        },
      },
      NOW,
    );
    expect(state.room.canvas).toEqual({ x: 0, y: 0, width: 1536, height: 1024, version: 2 });
    expect(state.room.activeStep).toBeNull();
    expect(state.progress).toBeNull();
    expect(state.steps).toHaveLength(1);
    expect(state.steps[0]?.status).toBe('committed');
  });

  it('keeps the failure with its reason and unlocks the room', () => {
    const running = aStep();
    let state = applyRoomEvent(
      initialLiveRoom(aRoom()),
      { name: 'step.started', data: { step: running } },
      NOW,
    );
    const failed = aStep({ status: 'failed', error: { code: 'GENERATOR_TRANSIENT', message: 'Timed out' } });
    state = applyRoomEvent(state, { name: 'step.failed', data: { step: failed } }, NOW);
    expect(state.lastFailure?.error?.code).toBe('GENERATOR_TRANSIENT');
    expect(state.room.activeStep).toBeNull();
    expect(state.progress).toBeNull();
    // The retry starts a new step: the failure notice goes away.
    state = applyRoomEvent(state, { name: 'step.started', data: { step: aStep({ id: 's-2' }) } }, NOW);
    expect(state.lastFailure).toBeNull();
    expect(state.steps.map((s) => s.id)).toEqual(['s-2', 's-1']);
  });

  it('replaces the room on room.updated and member.joined', () => {
    const joined = aRoom({ members: [...aRoom().members, { userId: 'u-cy', displayName: 'Cy', seat: 2 }] });
    const next = applyRoomEvent(
      initialLiveRoom(aRoom()),
      {
        name: 'member.joined',
        data: { room: joined, member: { userId: 'u-cy', displayName: 'Cy', seat: 2 } },
      },
      NOW,
    );
    expect(next.room.members.map((m) => m.displayName)).toEqual(['Ada', 'Bob', 'Cy']);
  });
});

describe('healLiveRoom', () => {
  it('takes the fetched room and history, keeping live steps the page missed', () => {
    const state = applyRoomEvent(
      initialLiveRoom(aRoom()),
      { name: 'step.started', data: { step: aStep({ id: 's-9', number: 9 }) } },
      NOW,
    );
    const fresh = aRoom({ turn: { number: 2, seat: 1, userId: 'u-bob', nonce: 'n-2' } });
    const healed = healLiveRoom(state, fresh, [aStep({ id: 's-1', status: 'committed' })], NOW);
    expect(healed.room.turn.nonce).toBe('n-2');
    expect(healed.progress).toBeNull();
    expect(healed.steps.map((s) => s.id)).toEqual(['s-9', 's-1']);
  });
});
