import type { Readable } from 'node:stream';
import type { Direction, Rect } from '@exquisite/geometry';
import type { AcceptRefusalCode } from '@exquisite/store';
import type { BlendMethod, ColorTransfer } from '../tile/seam.js';

/**
 * The pipeline as the API sees it: every operation that touches canvas bytes or runs a step.
 * The API never reaches the blob store or SQL itself; for plain records (users, rooms,
 * members, ledger, audit) it calls `@exquisite/store` repositories directly.
 */
export interface Pipeline {
  /** Accepts a step (one store transaction) and, when newly accepted, runs it in the background. */
  submitStep(input: SubmitStepInput): Promise<SubmitStepOutcome>;
  /** Operator abort: the step ends `aborted` with OPERATOR_ABORT and is refunded. */
  abortStep(input: {
    stepId: string;
    actorId: string;
  }): Promise<{ ok: true } | { ok: false; code: 'NOT_FOUND' | 'NOT_RUNNING' }>;
  /** Creates a room from an upload, a prompt (text-to-image, costs credits) or a built-in starter. */
  createRoom(input: CreateRoomInput): Promise<CreateRoomOutcome>;

  /** Canvas metadata as the viewer may see it (folded rooms: the visible strip only). */
  readCanvas(input: ReadInput): Promise<CanvasView | null>;
  /** One pyramid cell PNG; null when the cell does not exist or is hidden from this viewer. */
  readTile(input: ReadInput & { level: number; cx: number; cy: number }): Promise<TileView | null>;
  /** The full canvas (or the visible strip of a folded room) as a streamed PNG. */
  exportPng(input: ReadInput): Promise<ExportView | null>;

  /** Expires lapsed leases now (also runs on start-up and periodically once `start()`ed). */
  sweep(): Promise<number>;
  start(): void;
  /** Stops the sweeper and waits up to `graceMs` for running steps; the rest are left to lease recovery. */
  stop(graceMs: number): Promise<void>;
}

export interface SubmitStepInput {
  roomId: string;
  userId: string;
  direction: Direction;
  prompt: string;
  turnNonce: string;
  idempotencyKey: string;
}

/** The Accept phase's refusals are the store's: it is where they are decided. */
export type SubmitRefusal = AcceptRefusalCode;

/** `stepId` refers to the store's step record; `replay` is true for a repeated Idempotency-Key. */
export type SubmitStepOutcome =
  | { ok: true; stepId: string; replay: boolean }
  | { ok: false; code: SubmitRefusal };

export type StartSource =
  | { kind: 'upload'; bytes: Uint8Array }
  | { kind: 'prompt'; prompt: string }
  | { kind: 'starter'; name?: string };

export interface CreateRoomInput {
  ownerId: string;
  name: string;
  mode: 'open' | 'folded';
  direction: Direction | null;
  maxTurns: number | null;
  start: StartSource;
  settings?: {
    featherPx?: number;
    colorMatch?: boolean;
    prefill?: 'smear' | 'black';
    /** Seam settings (docs/seams.md); absent = the store's defaults. */
    blend?: BlendMethod;
    colorTransfer?: ColorTransfer;
    /** Squeeze references into headroom (docs/seams.md); absent = the store's default, on. */
    referenceHeadroom?: boolean;
  };
}

export type CreateRoomOutcome =
  | { ok: true; roomId: string }
  | {
      ok: false;
      code: 'UNSUPPORTED_IMAGE' | 'TOO_LARGE' | 'INSUFFICIENT_CREDITS' | 'GENERATOR_FAILED';
      message: string;
    };

/** Who is reading: folded-mode visibility is decided in the pipeline, once, for every reader. */
export interface Viewer {
  userId: string;
  isAdmin: boolean;
}

export interface ReadInput {
  roomId: string;
  viewer: Viewer;
  /** A committed canvas version; the head when absent. */
  version?: number;
}

export interface CanvasView extends Rect {
  version: number;
  levels: number;
  /** The part of the canvas this viewer may see (the whole canvas unless the room is folded and open). */
  visible: Rect;
}

export interface TileView {
  png: Uint8Array;
  /** The cell's content hash, a natural strong ETag. */
  sha256: string;
}

export interface ExportView {
  width: number;
  height: number;
  stream: Readable;
}

/** Everything that happens to a step, for live events. The API turns them into SSE payloads. */
export type PipelineEvent =
  | { type: 'step.started'; roomId: string; stepId: string }
  | {
      type: 'step.progress';
      roomId: string;
      stepId: string;
      tile: number;
      tiles: number;
      phase: 'generating' | 'compositing' | 'writing';
    }
  | { type: 'step.committed'; roomId: string; stepId: string }
  | { type: 'step.failed'; roomId: string; stepId: string };
