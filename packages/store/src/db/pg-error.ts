// Drizzle wraps driver errors (DrizzleQueryError.cause); postgres.js and PGlite name fields differently.
interface PgErrorFields {
  code?: unknown;
  constraint_name?: unknown;
  constraint?: unknown;
  cause?: unknown;
}

function findPgError(error: unknown): PgErrorFields | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const fields = current as PgErrorFields;
    if (typeof fields.code === 'string' && /^[0-9A-Z]{5}$/.test(fields.code)) return fields;
    current = fields.cause;
  }
  return undefined;
}

/** The SQLSTATE of a Postgres error anywhere in the cause chain. */
export function pgErrorCode(error: unknown): string | undefined {
  return findPgError(error)?.code as string | undefined;
}

export function pgConstraint(error: unknown): string | undefined {
  const fields = findPgError(error);
  const name = fields?.constraint_name ?? fields?.constraint;
  return typeof name === 'string' ? name : undefined;
}

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  return pgErrorCode(error) === '23505' && (constraint === undefined || pgConstraint(error) === constraint);
}

export function isCheckViolation(error: unknown, constraint?: string): boolean {
  return pgErrorCode(error) === '23514' && (constraint === undefined || pgConstraint(error) === constraint);
}
