import type { RoomDto, StepDto, StepPhase } from '../api/contract.js';
import type { RoomEvent } from '../api/room-events.js';

/** Progress of the running step, as the room's players see it. */
export interface StepProgress {
  stepId: string;
  /** 0-based index of the tile being worked on. */
  tile: number;
  tiles: number;
  phase: StepPhase;
  /** Epoch ms the step started (server time when known), for the elapsed clock. */
  startedAt: number;
}

/** Everything the room page shows that live events change. */
export interface LiveRoomState {
  room: RoomDto;
  progress: StepProgress | null;
  /** The latest failed attempt of the current turn, shown with its reason and Retry. */
  lastFailure: StepDto | null;
  /** History, newest first. */
  steps: StepDto[];
}

export function initialLiveRoom(room: RoomDto, steps: StepDto[] = []): LiveRoomState {
  const active = room.activeStep;
  return {
    room,
    progress: active ? progressFromStep(active, Date.now()) : null,
    lastFailure: null,
    steps: sortSteps(steps),
  };
}

function progressFromStep(step: StepDto, now: number): StepProgress {
  const started = Date.parse(step.createdAt);
  return {
    stepId: step.id,
    tile: 0,
    tiles: step.tiles,
    phase: 'generating',
    startedAt: Number.isNaN(started) ? now : started,
  };
}

function sortSteps(steps: StepDto[]): StepDto[] {
  return [...steps].sort((a, b) => b.number - a.number || b.createdAt.localeCompare(a.createdAt));
}

/** Inserts or replaces a step (by id) in the newest-first history. */
export function upsertStep(steps: StepDto[], step: StepDto): StepDto[] {
  // Newest arrival first, so a tie (a retry of the same turn) lists the latest attempt on top.
  return sortSteps([step, ...steps.filter((s) => s.id !== step.id)]);
}

/**
 * The next state after one live event. Pure: the page feeds the result to a store through
 * `reconcile`, so only what changed re-renders. Events for another room's step are
 * impossible on a room stream, but a stale progress event (for a step already finished) is
 * not, so progress only ever attaches to the active step.
 */
export function applyRoomEvent(
  state: LiveRoomState,
  event: RoomEvent,
  now: number = Date.now(),
): LiveRoomState {
  switch (event.name) {
    case 'room.updated':
    case 'member.joined': {
      const room = event.data.room;
      const progress =
        room.activeStep && state.progress?.stepId === room.activeStep.id ? state.progress : null;
      return {
        ...state,
        room,
        progress: room.activeStep ? (progress ?? progressFromStep(room.activeStep, now)) : null,
      };
    }
    case 'step.started': {
      const step = event.data.step;
      return {
        ...state,
        room: { ...state.room, activeStep: step },
        progress: progressFromStep(step, now),
        lastFailure: null,
        steps: upsertStep(state.steps, step),
      };
    }
    case 'step.progress': {
      const { stepId, tile, tiles, phase } = event.data;
      if (state.room.activeStep && state.room.activeStep.id !== stepId) return state;
      if (!state.room.activeStep && state.progress?.stepId !== stepId) {
        // Progress for a step we have not seen start (joined mid-step): show it anyway.
        return { ...state, progress: { stepId, tile, tiles, phase, startedAt: now } };
      }
      const startedAt = state.progress?.stepId === stepId ? state.progress.startedAt : now;
      return { ...state, progress: { stepId, tile, tiles, phase, startedAt } };
    }
    case 'step.committed': {
      const { step, canvas } = event.data;
      const { x, y, width, height, version } = canvas;
      return {
        ...state,
        room: { ...state.room, canvas: { x, y, width, height, version }, activeStep: null },
        progress: null,
        lastFailure: null,
        steps: upsertStep(state.steps, step),
      };
    }
    case 'step.failed': {
      const step = event.data.step;
      const wasActive = state.room.activeStep?.id === step.id || state.room.activeStep === null;
      return {
        ...state,
        room: wasActive ? { ...state.room, activeStep: null } : state.room,
        progress: state.progress?.stepId === step.id ? null : state.progress,
        lastFailure: step,
        steps: upsertStep(state.steps, step),
      };
    }
  }
}

/**
 * Re-synchronises with freshly fetched truth (after a reconnect or a commit): the server's
 * room and history win; local progress survives only while its step is still the active one.
 */
export function healLiveRoom(
  state: LiveRoomState,
  room: RoomDto,
  steps: StepDto[],
  now = Date.now(),
): LiveRoomState {
  const active = room.activeStep;
  const progress = active
    ? state.progress?.stepId === active.id
      ? state.progress
      : progressFromStep(active, now)
    : null;
  // Keep the steps we learnt of live that the fetched page may not include yet.
  let merged = sortSteps(steps);
  for (const step of state.steps)
    if (!merged.some((s) => s.id === step.id)) merged = upsertStep(merged, step);
  return { ...state, room, progress, steps: merged };
}
