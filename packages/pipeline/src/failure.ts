/**
 * The step failure taxonomy (system.md). Every error raised while a step generates
 * is classified into exactly one of these codes; the code is stored on the step record
 * and surfaced in API errors, the message is what players and operators read.
 */
export const STEP_FAILURE_CODES = [
  'GENERATOR_TRANSIENT',
  'GENERATOR_PERMANENT',
  'SAFETY_REFUSAL',
  'DECODE_ERROR',
  'DIMENSION_MISMATCH',
  'IMMUTABLE_VIOLATION',
  'COMPOSITE_ERROR',
  'ARTIFACT_WRITE_ERROR',
  'LEASE_EXPIRED',
  'OPERATOR_ABORT',
] as const;

export type StepFailureCode = (typeof STEP_FAILURE_CODES)[number];

const MESSAGES: Record<StepFailureCode, string> = {
  GENERATOR_TRANSIENT:
    'The image generator is busy or unreachable right now. Your credits were refunded; please try again.',
  GENERATOR_PERMANENT:
    'The image generator rejected the request (configuration or request problem). Your credits were refunded.',
  SAFETY_REFUSAL:
    'The image generator declined this prompt for safety reasons. Your credits were refunded; try a different prompt.',
  DECODE_ERROR: 'The image generator returned an image that could not be read. Your credits were refunded.',
  DIMENSION_MISMATCH: 'The image generator returned an image of the wrong size. Your credits were refunded.',
  IMMUTABLE_VIOLATION:
    'Compositing would have altered existing canvas outside the seam, so the step was refused. Your credits were refunded.',
  COMPOSITE_ERROR: 'An internal error occurred while compositing the new strip. Your credits were refunded.',
  ARTIFACT_WRITE_ERROR:
    'The new canvas tiles could not be stored. Your credits were refunded; please try again.',
  LEASE_EXPIRED: 'The server working on this step stopped responding. Your credits were refunded.',
  OPERATOR_ABORT: 'This step was cancelled. Your credits were refunded.',
};

/** Human-readable explanation of a failure code, suitable for players and operators. */
export function stepFailureMessage(code: StepFailureCode): string {
  return MESSAGES[code];
}

export function isStepFailureCode(value: unknown): value is StepFailureCode {
  return typeof value === 'string' && (STEP_FAILURE_CODES as readonly string[]).includes(value);
}

/**
 * Artifacts a tile had produced when its step failed (`raw` only if the generator answered,
 * `composited` only for tiles that completed), so a failed step stays inspectable.
 */
export interface FailedTileArtifacts {
  index: number;
  artifacts: Partial<
    Record<'reference' | 'mask' | 'raw' | 'composited', { png: Uint8Array; sha256: string }>
  >;
}

export class StepFailure extends Error {
  override readonly name = 'StepFailure';
  readonly code: StepFailureCode;
  /** Technical detail for logs and the step record; `message` stays player-safe. */
  readonly detail: string | undefined;
  /** Filled in by the tile runner on the way out; the step runner stores them best effort. */
  tileArtifacts: FailedTileArtifacts[] = [];

  constructor(code: StepFailureCode, options: { detail?: string; cause?: unknown } = {}) {
    super(stepFailureMessage(code), { cause: options.cause });
    this.code = code;
    this.detail = options.detail;
  }
}

/**
 * Maps any thrown value to a StepFailure.
 * - a StepFailure passes through unchanged;
 * - anything carrying a taxonomy `code` (GeneratorError's five codes are a subset of the
 *   taxonomy, and a BlobStore error may carry ARTIFACT_WRITE_ERROR) keeps that code — we match
 *   on the code rather than `instanceof` so duplicated module copies in a bundle still classify;
 * - an abort (`AbortError`, or an aborted signal whose reason is not itself a StepFailure)
 *   becomes OPERATOR_ABORT; a lease watchdog signals LEASE_EXPIRED by aborting with a
 *   `StepFailure('LEASE_EXPIRED')` as the reason, which passes through;
 * - everything else is a bug or an unexpected condition in our own code between the
 *   generator and the blob store: COMPOSITE_ERROR.
 */
export function classifyError(err: unknown): StepFailure {
  if (err instanceof StepFailure) return err;
  const detail = err instanceof Error ? err.message : String(err);
  if (typeof err === 'object' && err !== null) {
    const code = (err as { code?: unknown }).code;
    if (isStepFailureCode(code)) return new StepFailure(code, { detail, cause: err });
    const name = (err as { name?: unknown }).name;
    if (name === 'AbortError') {
      const reason = (err as { cause?: unknown }).cause;
      if (reason instanceof StepFailure) return reason;
      return new StepFailure('OPERATOR_ABORT', { detail, cause: err });
    }
  }
  return new StepFailure('COMPOSITE_ERROR', { detail, cause: err });
}

/**
 * Throws the step's abort reason as a StepFailure if the signal has fired.
 * A reason that already is a StepFailure (e.g. LEASE_EXPIRED from the lease watchdog) is kept.
 */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (!signal?.aborted) return;
  const reason: unknown = signal.reason;
  if (reason instanceof StepFailure) throw reason;
  throw new StepFailure('OPERATOR_ABORT', {
    detail: reason instanceof Error ? reason.message : 'aborted',
    cause: reason,
  });
}
