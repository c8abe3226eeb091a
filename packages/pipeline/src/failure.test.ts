import { GeneratorError } from '@exquisite/generator';
import { describe, expect, it } from 'vitest';
import {
  classifyError,
  STEP_FAILURE_CODES,
  StepFailure,
  stepFailureMessage,
  throwIfAborted,
} from './failure.js';

describe('step failure taxonomy', () => {
  it('has a distinct human message for every code', () => {
    const messages = STEP_FAILURE_CODES.map(stepFailureMessage);
    expect(new Set(messages).size).toBe(STEP_FAILURE_CODES.length);
    for (const message of messages) expect(message.length).toBeGreaterThan(20);
  });

  it('passes StepFailures through unchanged', () => {
    const failure = new StepFailure('ARTIFACT_WRITE_ERROR', { detail: 'disk full' });
    expect(classifyError(failure)).toBe(failure);
  });

  it.each([
    'GENERATOR_TRANSIENT',
    'GENERATOR_PERMANENT',
    'SAFETY_REFUSAL',
    'DECODE_ERROR',
    'DIMENSION_MISMATCH',
  ] as const)('maps GeneratorError %s to the same code, keeping the cause', (code) => {
    const err = new GeneratorError(code, 'provider said no');
    const failure = classifyError(err);
    expect(failure.code).toBe(code);
    expect(failure.cause).toBe(err);
    expect(failure.detail).toBe('provider said no');
    expect(failure.message).toBe(stepFailureMessage(code));
  });

  it('maps an AbortError to OPERATOR_ABORT', () => {
    expect(classifyError(new DOMException('aborted', 'AbortError')).code).toBe('OPERATOR_ABORT');
  });

  it('maps anything else to COMPOSITE_ERROR', () => {
    expect(classifyError(new TypeError('x is undefined')).code).toBe('COMPOSITE_ERROR');
    expect(classifyError('a string').code).toBe('COMPOSITE_ERROR');
    expect(classifyError({ code: 'ENOENT' }).code).toBe('COMPOSITE_ERROR');
  });

  it('throwIfAborted keeps a StepFailure reason and turns others into OPERATOR_ABORT', () => {
    expect(() => throwIfAborted(new AbortController().signal)).not.toThrow();
    expect(() => throwIfAborted(undefined)).not.toThrow();
    const lease = new AbortController();
    lease.abort(new StepFailure('LEASE_EXPIRED'));
    expect(() => throwIfAborted(lease.signal)).toThrow(expect.objectContaining({ code: 'LEASE_EXPIRED' }));
    const operator = new AbortController();
    operator.abort();
    expect(() => throwIfAborted(operator.signal)).toThrow(
      expect.objectContaining({ code: 'OPERATOR_ABORT' }),
    );
  });
});
