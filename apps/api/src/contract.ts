/**
 * The wire shapes of `../shared/spec/http-api.md`. The server serialises to these and the SPA
 * reads them; outside clients rely on them, so a change here is a contract change.
 */
import type { Direction } from '@exquisite/geometry';

export type { Direction };

export type Role = 'player' | 'admin';
export type RoomMode = 'open' | 'folded';
export type RoomStatus = 'open' | 'finished';
export type StepStatus = 'running' | 'committed' | 'failed' | 'aborted';
export type Prefill = 'smear' | 'black';
/**
 * Seam settings (docs/seams.md): additions to the contract's room settings. Colour transfers
 * are only ever added (a stored room keeps its value); new rooms default to `hybrid`.
 */
export type BlendMethod = 'feather' | 'multiband';
export type ColorTransfer = 'mean-std' | 'histogram' | 'paired' | 'hybrid';

export interface UserDto {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  credits: number;
}

export interface CanvasRef {
  x: number;
  y: number;
  width: number;
  height: number;
  version: number;
}

export interface MemberDto {
  userId: string;
  displayName: string;
  seat: number;
}

export interface TurnDto {
  number: number;
  seat: number;
  userId: string;
  nonce: string;
}

export interface StepErrorDto {
  code: string;
  message: string;
}

export interface StepDto {
  id: string;
  roomId: string;
  number: number;
  userId: string;
  direction: Direction;
  prompt: string;
  status: StepStatus;
  error: StepErrorDto | null;
  tiles: number;
  cost: number;
  provider: string | null;
  model: string | null;
  createdAt: string;
  finishedAt: string | null;
  before: CanvasRef;
  after: CanvasRef | null;
}

export interface RoomDto {
  id: string;
  name: string;
  ownerId: string;
  inviteCode: string;
  mode: RoomMode;
  direction: Direction | null;
  status: RoomStatus;
  canvas: CanvasRef;
  members: MemberDto[];
  turn: TurnDto;
  activeStep: StepDto | null;
  limits: { maxWidth: number; maxHeight: number; maxTurns: number | null };
  settings: {
    featherPx: number;
    colorMatch: boolean;
    prefill: Prefill;
    blend: BlendMethod;
    colorTransfer: ColorTransfer;
    /** Added: the model's references are squeezed into headroom (docs/seams.md); on by default. */
    referenceHeadroom: boolean;
  };
  createdAt: string;
}

export interface CanvasDto extends CanvasRef {
  cellPx: 512;
  levels: number;
  /**
   * Added: the part of the canvas this viewer may see — the whole canvas, except in a folded room
   * before it finishes, where it is the last 512-px strip. Absent in `step.committed` events.
   */
  visible?: { x: number; y: number; width: number; height: number };
}

export interface LedgerEntryDto {
  id: string;
  delta: number;
  reason: string;
  stepId: string | null;
  createdAt: string;
}

export type StepPhase = 'generating' | 'compositing' | 'writing';

/** Server-Sent Event payloads by event name. */
export interface RoomEventMap {
  'room.updated': { room: RoomDto };
  'member.joined': { room: RoomDto; member: MemberDto };
  'step.started': { step: StepDto };
  'step.progress': { stepId: string; tile: number; tiles: number; phase: StepPhase };
  'step.committed': { step: StepDto; canvas: CanvasDto };
  'step.failed': { step: StepDto };
}
export type RoomEventName = keyof RoomEventMap;

export interface ErrorBody {
  error: { code: string; message: string; issues?: unknown[] };
}

/** Every error code the contract names. */
export type ErrorCode =
  | 'VALIDATION'
  | 'EMAIL_TAKEN'
  | 'INVALID_CREDENTIALS'
  | 'RATE_LIMITED'
  | 'UNAUTHENTICATED'
  | 'CSRF'
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'UNSUPPORTED_IMAGE'
  | 'TOO_LARGE'
  | 'INSUFFICIENT_CREDITS'
  | 'ROOM_FINISHED'
  | 'STALE_TURN'
  | 'NOT_YOUR_TURN'
  | 'ROOM_BUSY'
  | 'CANVAS_LIMIT'
  | 'DIRECTION_NOT_ALLOWED'
  | 'IDEMPOTENCY_MISMATCH'
  // Added: a prompt-started room whose text-to-image call failed (502).
  | 'GENERATOR_FAILED'
  // Added: an operator abort of a step that already ended (409).
  | 'STEP_NOT_RUNNING'
  | 'INTERNAL';
