/** Infrastructure failures of the store (not outcomes a caller branches on: those are result unions). */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export type StoreErrorCode =
  | 'MIGRATION_FAILED'
  | 'CONNECTION_FAILED'
  | 'AFTER_MISMATCH'
  | 'HEAD_MOVED'
  | 'INVALID_INPUT'
  | 'BLOB_IO';
