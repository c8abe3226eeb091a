import { vValidator } from '@hono/valibot-validator';
import type { ValidationTargets } from 'hono';
import * as v from 'valibot';
import { ApiError } from '../errors.js';

/**
 * Valibot validation for every input, with the contract's error shape. Path parameters are ids or
 * cell coordinates: a malformed one names nothing, so it is answered 404 like a missing one.
 */
export function validate<
  T extends v.GenericSchema | v.GenericSchemaAsync,
  Target extends keyof ValidationTargets,
>(target: Target, schema: T) {
  return vValidator(target, schema, (result) => {
    if (result.success) return;
    if (target === 'param') throw new ApiError(404, 'NOT_FOUND', 'Not found');
    const issues = result.issues.map((issue) => ({
      path: v.getDotPath(issue) ?? '',
      message: issue.message,
    }));
    throw new ApiError(400, 'VALIDATION', `Invalid ${describe(target)}`, { issues });
  });
}

function describe(target: keyof ValidationTargets): string {
  switch (target) {
    case 'json':
      return 'request body';
    case 'form':
      return 'form data';
    case 'query':
      return 'query string';
    case 'header':
      return 'request headers';
    default:
      return target;
  }
}
