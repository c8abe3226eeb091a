/**
 * A failed API call. `code` is the contract's error code (`NOT_YOUR_TURN`, `STALE_TURN`…),
 * or one of two client-side codes: `NETWORK` (no answer at all: the request may or may not
 * have reached the server) and `BAD_RESPONSE` (an answer that is not the contract's shape).
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly code: string;
  /** HTTP status, or 0 when no answer arrived. */
  readonly status: number;
  readonly issues: unknown[] | undefined;

  constructor(
    code: string,
    message: string,
    status: number,
    options?: { cause?: unknown; issues?: unknown[] },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = status;
    this.issues = options?.issues;
  }

  /** True when the server never answered, so retrying with the same idempotency key is safe. */
  get isNetwork(): boolean {
    return this.code === 'NETWORK';
  }
}

export function isApiError(value: unknown, code?: string): value is ApiError {
  return value instanceof ApiError && (code === undefined || value.code === code);
}

/** The sentence to show a player for an error of any kind. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}
