/**
 * The generator's slice of the step failure taxonomy (see system.md). The pipeline copies
 * `code` into the step record and shows `message` to the player, so messages are written
 * for people; the provider's own error stays on `cause` for operators.
 */
export const GENERATOR_ERROR_CODES = [
  'GENERATOR_TRANSIENT',
  'GENERATOR_PERMANENT',
  'SAFETY_REFUSAL',
  'DECODE_ERROR',
  'DIMENSION_MISMATCH',
] as const;

export type GeneratorErrorCode = (typeof GENERATOR_ERROR_CODES)[number];

export const SAFETY_REFUSAL_MESSAGE =
  'The image model declined this prompt for safety reasons. Try rewording it, or describe the scene differently.';

export interface GeneratorErrorOptions {
  cause?: unknown;
  /** The provider's request id, for support tickets and the step record. */
  requestId?: string | null;
  /** HTTP status of the provider's answer, when there was one. */
  status?: number;
  /** How many calls were made before giving up (retries included). */
  attempts?: number;
}

export class GeneratorError extends Error {
  override readonly name = 'GeneratorError';
  readonly code: GeneratorErrorCode;
  readonly requestId: string | null;
  readonly status: number | undefined;
  /** Calls made before giving up; set by the provider's retry loop. */
  attempts: number | undefined;

  constructor(code: GeneratorErrorCode, message: string, options: GeneratorErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.requestId = options.requestId ?? null;
    this.status = options.status;
    this.attempts = options.attempts;
  }
}

export function isGeneratorError(error: unknown): error is GeneratorError {
  return error instanceof GeneratorError;
}

export function isGeneratorErrorCode(value: string): value is GeneratorErrorCode {
  return (GENERATOR_ERROR_CODES as readonly string[]).includes(value);
}
