/**
 * A failure the operator can act on. `code` picks the exit status and lets tests branch;
 * `cause` keeps the infrastructure error underneath for the log.
 */
export type CliErrorCode = 'USAGE' | 'NOT_FOUND' | 'REFUSED' | 'IO';

export class CliError extends Error {
  override readonly name = 'CliError';
  readonly code: CliErrorCode;

  constructor(code: CliErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Exit statuses: 2 for a bad command line (like most Unix tools), 1 for everything else. */
export function exitCodeFor(error: unknown): number {
  return error instanceof CliError && error.code === 'USAGE' ? 2 : 1;
}
