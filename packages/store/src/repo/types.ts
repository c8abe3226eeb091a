import type { Direction, Rect } from '@exquisite/geometry';
import type { LedgerReason, Prefill, RoomMode, RoomStatus, StepStatus, UserRole } from '../schema/enums.js';
import type { BlendMethod, ColorTransfer } from '../schema/rooms.js';

export interface User {
  id: string;
  email: string;
  displayName: string;
  role: UserRole;
  credits: number;
  createdAt: Date;
}

export interface UserWithPassword extends User {
  passwordHash: string;
}

export interface Session {
  id: string;
  userId: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}

/** A canvas rect with the version it belongs to. */
export interface CanvasRef extends Rect {
  version: number;
}

export interface Member {
  userId: string;
  displayName: string;
  seat: number;
}

export interface Turn {
  number: number;
  seat: number;
  /** Null only if nobody sits in the turn seat (cannot happen through this package's functions). */
  userId: string | null;
  nonce: string;
}

export interface Room {
  id: string;
  name: string;
  ownerId: string;
  inviteCode: string;
  mode: RoomMode;
  direction: Direction | null;
  status: RoomStatus;
  canvas: CanvasRef;
  members: Member[];
  turn: Turn;
  activeStep: Step | null;
  limits: { maxWidth: number; maxHeight: number; maxTurns: number | null };
  settings: RoomSettings;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface RoomSettings {
  featherPx: number;
  colorMatch: boolean;
  prefill: Prefill;
  blend: BlendMethod;
  colorTransfer: ColorTransfer;
  /** The reference is squeezed into headroom before the model sees it (with colorMatch only). */
  referenceHeadroom: boolean;
}

/**
 * A step as the store sees it. `fencingToken`, `leaseExpiresAt`, `idempotencyKey`, `requestHash`
 * and `record` are internal: the API decides what to show.
 */
export interface Step {
  id: string;
  roomId: string;
  number: number;
  userId: string;
  direction: Direction;
  prompt: string;
  status: StepStatus;
  error: { code: string; message: string } | null;
  tiles: number;
  cost: number;
  provider: string | null;
  model: string | null;
  createdAt: Date;
  finishedAt: Date | null;
  before: CanvasRef;
  after: CanvasRef | null;
  turnNonce: string;
  idempotencyKey: string;
  requestHash: string;
  leaseExpiresAt: Date;
  fencingToken: number;
  record: Record<string, unknown> | null;
}

/** One stored cell of one level: content-addressed bytes referenced by key. */
export interface CellRef {
  level: number;
  cx: number;
  cy: number;
  blobKey: string;
  sha256: string;
}

export interface CanvasVersion extends CanvasRef {
  roomId: string;
  stepId: string | null;
  createdAt: Date;
}

export interface LedgerEntry {
  id: number;
  userId: string;
  delta: number;
  reason: LedgerReason;
  stepId: string | null;
  roomId: string | null;
  note: string | null;
  createdAt: Date;
}

export interface AuditEntry {
  id: number;
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string;
  data: Record<string, unknown>;
  createdAt: Date;
}

export interface RoomEvent {
  id: number;
  roomId: string;
  type: string;
  data: unknown;
  createdAt: Date;
}

/** Refusals a caller branches on; successful outcomes carry their payload. */
export type Refusal<Code extends string> = { ok: false; code: Code };
