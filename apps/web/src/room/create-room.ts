import type { Direction } from '@exquisite/geometry';
import type { CreateRoomInput } from '../api/client.js';
import type { ColorTransfer } from '../api/contract.js';
import { formatBytes } from '../lib/format.js';

/** The server's upload limit (413 TOO_LARGE beyond it); checked here first to save the upload. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
export const ACCEPTED_IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
export const MAX_PROMPT_CHARS = 1000;
export const MAX_ROOM_NAME_CHARS = 80;

export type StartFrom = 'starter' | 'upload' | 'prompt';

/**
 * The colour matchings a room can choose, in the order shown; the first is the server's
 * default (docs/seams.md, "Decision"), so choosing it sends nothing.
 */
export const COLOR_MATCHINGS: ReadonlyArray<{ value: ColorTransfer; label: string }> = [
  { value: 'hybrid', label: 'steadiest (hybrid, default)' },
  { value: 'histogram', label: 'faster (histogram)' },
];

export interface CreateRoomValues {
  name: string;
  startFrom: StartFrom;
  image: File | null;
  prompt: string;
  mode: 'open' | 'folded';
  direction: Direction;
  /** Raw text of the optional field; '' means no limit. */
  maxTurns: string;
  colorTransfer: ColorTransfer;
  /** Headroom for the model's references (docs/seams.md); on by default, so only off is sent. */
  referenceHeadroom: boolean;
}

export type CreateRoomErrors = Partial<Record<'name' | 'image' | 'prompt' | 'maxTurns', string>>;

/** The problem with a chosen start image, if any. */
export function imageProblem(file: Pick<File, 'size' | 'type'> | null): string | undefined {
  if (!file) return 'Choose an image to start from.';
  if (!(ACCEPTED_IMAGE_TYPES as readonly string[]).includes(file.type))
    return 'Use a PNG, JPEG or WebP image.';
  if (file.size > MAX_UPLOAD_BYTES) {
    return `That image is ${formatBytes(file.size)}; the limit is ${formatBytes(MAX_UPLOAD_BYTES)}.`;
  }
  return undefined;
}

export function promptProblem(prompt: string): string | undefined {
  const length = prompt.trim().length;
  if (length === 0) return 'Write a prompt.';
  if (length > MAX_PROMPT_CHARS)
    return `Keep the prompt within ${MAX_PROMPT_CHARS} characters (now ${length}).`;
  return undefined;
}

/** Field errors, or a ready request body when there are none. */
export function validateCreateRoom(
  values: CreateRoomValues,
): { ok: true; input: CreateRoomInput } | { ok: false; errors: CreateRoomErrors } {
  const errors: CreateRoomErrors = {};
  const name = values.name.trim();
  if (name.length === 0) errors.name = 'Give the room a name.';
  else if (name.length > MAX_ROOM_NAME_CHARS)
    errors.name = `Keep the name within ${MAX_ROOM_NAME_CHARS} characters.`;

  if (values.startFrom === 'upload') {
    const problem = imageProblem(values.image);
    if (problem) errors.image = problem;
  }
  if (values.startFrom === 'prompt') {
    const problem = promptProblem(values.prompt);
    if (problem) errors.prompt = problem;
  }

  let maxTurns: number | undefined;
  if (values.maxTurns.trim() !== '') {
    const n = Number(values.maxTurns);
    if (!Number.isInteger(n) || n < 1 || n > 1000)
      errors.maxTurns = 'Use a whole number from 1 to 1000, or leave it empty.';
    else maxTurns = n;
  }

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const input: CreateRoomInput = { name, mode: values.mode };
  if (values.mode === 'folded') input.direction = values.direction;
  if (values.startFrom === 'upload' && values.image) input.image = values.image;
  if (values.startFrom === 'prompt') input.prompt = values.prompt.trim();
  if (maxTurns !== undefined) input.maxTurns = maxTurns;
  if (values.colorTransfer !== COLOR_MATCHINGS[0]!.value) input.colorTransfer = values.colorTransfer;
  if (!values.referenceHeadroom) input.referenceHeadroom = false;
  return { ok: true, input };
}
